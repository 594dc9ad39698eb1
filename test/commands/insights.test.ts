// /stats, /roster and /report through the dispatcher on real Postgres: the analytics reply with its
// PNG (decoded by sharp), a CSV roster uploaded as an attachment, and students refused.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../src/core/context.ts';
import { allText, button, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from './fixture.ts';

let f: ClassroomFixture;
beforeAll(async () => {
  f = await createClassroomFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

const teacher = (locale = 'en-US') => f.as('Teacher', { role: 'instructor', locale });

function upload(name: string, bytes: Uint8Array): AttachmentRef {
  return { name, url: `https://files.example/${name}`, size: bytes.length, contentType: 'text/csv', download: async () => bytes };
}

describe('/roster', () => {
  it('imports an uploaded CSV and shows who has not started', async () => {
    await f.dispatcher.runCommand(f.as('Ana'), 'lesson', { number: 7 });
    const csv = new TextEncoder().encode('\uFEFF학번;이름;이메일\n2024001;Ana;ana@school.kr\n2024002;김민지;minji@school.kr\n');
    const [imported] = await f.dispatcher.runCommand(teacher(), 'roster', { subcommand: 'import', file: upload('class.csv', csv) });
    expect(imported).toMatchObject({ tone: 'success', private: true });
    expect(allText(imported)).toContain('1 added, 1 updated, 0 unchanged.');
    expect(allText(imported)).toContain('Read 2 rows as utf-8.');

    const [shown] = await f.dispatcher.runCommand(teacher('ko'), 'roster', { subcommand: 'show' });
    expect(allText(shown)).toContain('아직 시작 안 한 학생: 김민지');
    expect(allText(shown)).not.toMatch(/아직 시작 안 한 학생:.*Ana/);
  });

  it('names the bad line and imports nothing from a broken file', async () => {
    const before = await f.db.prisma.member.count();
    const csv = new TextEncoder().encode('name,email\nBo,bo@school.kr\nCy,cy-at-school\n');
    const [refused] = await f.dispatcher.runCommand(teacher(), 'roster', { subcommand: 'import', file: upload('bad.csv', csv) });
    expect(refused).toMatchObject({ tone: 'error', private: true });
    expect(allText(refused)).toContain('line 3: "cy-at-school" is not an email address.');
    expect(await f.db.prisma.member.count()).toBe(before);
  });

  it('says where no member list exists, and refuses students', async () => {
    const [console] = await f.dispatcher.runCommand(teacher(), 'roster', { subcommand: 'sync' });
    expect(allText(console)).toContain('Upload a CSV roster with /roster import instead.');
    const [refused] = await f.dispatcher.runCommand(f.as('Ana'), 'roster', {
      subcommand: 'import',
      file: upload('x.csv', new TextEncoder().encode('name\nX\n')),
    });
    expect(allText(refused)).toContain('/roster is for instructors only.');
  });
});

describe('/stats', () => {
  it('answers an instructor with the summary and a PNG chart, in their language', async () => {
    const ana = f.as('Ana');
    const [quiz] = await f.dispatcher.runCommand(ana, 'quiz', { lesson: 7 });
    // Ana answers the question her attempt drew first, wrongly; the stats number it by its place in the bank.
    const bank = f.services.catalog.get(7)!.quiz;
    const click = button(quiz, 'quiz:answer:').actionId;
    const index = bank.findIndex((q) => q.id === click.split(':')[3]);
    const wrong = bank[index]!.options.find((o) => o.id !== bank[index]!.answer)!.id;
    await f.dispatcher.runAction(ana, click.replace(/:[^:]+$/, `:${wrong}`));
    const [reply] = await f.dispatcher.runCommand(teacher('ko'), 'stats', { lesson: 7 });
    expect(reply).toMatchObject({ private: true, tone: 'info' });
    expectPlatformSafe([reply!]);
    const text = allText(reply);
    expect(text).toContain('명단 2명 → 수업 열어 봄 1'); // Ana and 김민지 (roster only)
    expect(text).toContain(`${index + 1}번 첫 시도 정답률 0% (1명)`);
    // The questions nobody was asked yet say so, without a rate.
    expect(text).toMatch(new RegExp(`(^|\\n)${index === 0 ? 2 : 1}번 첫 시도 정답률 – \\(0명\\)`));
    const image = reply!.blocks.find((b) => b.kind === 'image');
    expect(image?.kind === 'image' && image.file.contentType).toBe('image/png');
    const meta = await sharp(image?.kind === 'image' ? Buffer.from(image.file.data) : Buffer.alloc(0)).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(880);
  });

  it('refuses a student', async () => {
    const [refused] = await f.dispatcher.runCommand(f.as('Ana'), 'stats', { lesson: 7 });
    expect(refused).toMatchObject({ tone: 'error', private: true });
    expect(allText(refused)).toContain('/stats is for instructors only.');
  });
});
