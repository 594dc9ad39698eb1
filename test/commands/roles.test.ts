import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/app/command.ts';
import { createClassroom } from '../../src/app/classroom.ts';
import reportCommand from '../../commands/report.ts';
import { allText, createClassroomFixture, type ClassroomFixture } from './fixture.ts';

const echo = defineCommand({
  name: 'echo',
  description: { ko: '따라 하기', en: 'Echo' },
  requiredRole: 'student',
  run: async (ctx) => ({ blocks: [{ kind: 'text', text: String(ctx.services.greeting) }] }),
});

let f: ClassroomFixture;
beforeAll(async () => {
  f = await createClassroomFixture([{ commands: [echo], services: { greeting: 'hello from a plugin' } }]);
});
afterAll(async () => {
  await f?.db.drop();
});

const teacher = () => f.as('Teacher', { role: 'instructor' });

describe('instructor-only commands', () => {
  it('refuses /report to a student and sends the CSV to an instructor', async () => {
    const [refused] = await f.dispatcher.runCommand(f.as('Student'), 'report', {});
    expect(refused).toMatchObject({ tone: 'error', private: true });
    expect(allText(refused)).toContain('/report is for instructors only.');

    const [report] = await f.dispatcher.runCommand(teacher(), 'report', {});
    const [file, gradebook] = report!.blocks.flatMap((b) => (b.kind === 'file' ? [b.file] : []));
    expect(file?.name).toMatch(/^class-report-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(gradebook?.name).toMatch(/^canvas-gradebook-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = file ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.data) : '';
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFmember_id,student_id,name,email,role,status,sections_seen,quiz_first_score,quiz_best_score,quiz_attempts,challenge_steps_done,challenge_first_try,challenge_answers,points,last_activity',
    );
    expect(csv).toMatch(/\r\n\d+,,Student,,student,not_started,0,0,0,0,0,0,0,0,\r\n/);
    expect(report!.private).toBe(true);
  });

  it('is refused by the core even when a handler is handed a forged instructor context', async () => {
    const student = await f.services.roster.resolve(f.as('Forger').classroom, f.as('Forger').caller);
    const forged = {
      ...f.as('Forger'),
      caller: { ...f.as('Forger').caller, ...student, role: 'instructor' as const, platformRole: 'instructor' as const },
      lang: 'en' as const,
      services: f.services,
      t: (text: { en: string }) => text.en,
    };
    await expect(reportCommand.run(forged, {})).rejects.toMatchObject({ code: 'instructor-only' });
  });

  it("shows a member their own progress and refuses a student another's", async () => {
    await f.dispatcher.runCommand(f.as('Peer'), 'lesson', { number: 7 });
    const [own] = await f.dispatcher.runCommand(f.as('Peer'), 'progress', {});
    expect(own).toMatchObject({ private: true });
    expect(allText(own)).toContain(`1/${f.services.lessons.get(7).sections.length}`);
    const [refused] = await f.dispatcher.runCommand(f.as('Student'), 'progress', { member: 'id-peer' });
    expect(refused!.tone).toBe('error');
    const [theirs] = await f.dispatcher.runCommand(teacher(), 'progress', { member: 'Peer' });
    expect(allText(theirs)).toContain("Peer's progress");
  });

  it('lets an instructor grant and revoke the role, and the grant takes effect at once', async () => {
    await f.dispatcher.runCommand(f.as('Assistant'), 'help', {});
    const [denied] = await f.dispatcher.runCommand(f.as('Assistant'), 'instructor', { subcommand: 'add', member: 'id-student' });
    expect(denied!.tone).toBe('error');
    const [granted] = await f.dispatcher.runCommand(teacher(), 'instructor', { subcommand: 'add', member: 'id-assistant' });
    expect(allText(granted)).toContain('Assistant is now an instructor.');
    const [report] = await f.dispatcher.runCommand(f.as('Assistant'), 'report', {});
    expect(report!.tone).not.toBe('error');
    await f.dispatcher.runCommand(teacher(), 'instructor', { subcommand: 'remove', member: 'Assistant' });
    const [again] = await f.dispatcher.runCommand(f.as('Assistant'), 'report', {});
    expect(again!.tone).toBe('error');
  });
});

describe('everyone', () => {
  it('keeps the leaderboard for instructors, who post it in the channel; a student sees their rank in /progress', async () => {
    await f.dispatcher.runAction(f.as('Runner'), 'lesson:open:7:1');
    const [refused] = await f.dispatcher.runCommand(f.as('Runner'), 'leaderboard', {});
    expect(refused!.tone).toBe('error');
    expect(allText(refused)).toContain('/leaderboard is for instructors only.');
    const [board] = await f.dispatcher.runCommand(teacher(), 'leaderboard', {});
    expect(board!.private).toBeFalsy();
    expect(allText(board)).toMatch(/🥇 .+ — \d+ pts/);
    const [mine] = await f.dispatcher.runCommand(f.as('Runner'), 'progress', {});
    expect(mine!.private).toBe(true);
    expect(allText(mine)).toMatch(/Class rank \d+ of \d+/);
  });

  it('switches the language with /language and refuses one it does not speak', async () => {
    const [ok] = await f.dispatcher.runCommand(f.as('Polyglot'), 'language', { language: 'ko' });
    expect(allText(ok)).toContain('한국어');
    const [help] = await f.dispatcher.runCommand(f.as('Polyglot'), 'help', {});
    expect(allText(help)).toContain('도움말');
    const [bad] = await f.dispatcher.runCommand(f.as('Polyglot'), 'language', { language: 'fr' });
    expect(allText(bad)).toContain('ko 또는 en');
  });

  it('lists in /help only the commands the caller may use, plugins included', async () => {
    const [student] = await f.dispatcher.runCommand(f.as('Newbie'), 'help', {});
    expect(allText(student)).toContain('/lesson <number> [section]');
    expect(allText(student)).toContain('/echo');
    expect(allText(student)).not.toContain('/report');
    const [instructor] = await f.dispatcher.runCommand(teacher(), 'help', {});
    expect(allText(instructor)).toContain('/report');
    expect(allText(instructor)).toContain('/instructor add|remove <member>');
  });

  it('routes a plugin command, with its service beside the core ones', async () => {
    const [reply] = await f.dispatcher.runCommand(f.as('Fan'), 'echo', {});
    expect(allText(reply)).toContain('hello from a plugin');
    await expect(createClassroom({ database: f.db.database, plugins: [{ commands: [], services: { quiz: {} } }] })).rejects.toThrow(/"quiz"/);
  });

  it('creates the classroom on first use from a platform it has not seen before', async () => {
    const [reply] = await f.dispatcher.runCommand(f.as('Pioneer', { classroom: 'brand-new-guild' }), 'lesson', { number: 7 });
    expect(reply!.tone).toBe('info');
    expect(await f.db.prisma.classroom.count({ where: { externalId: 'brand-new-guild' } })).toBe(1);
  });
});
