// Students' data rights through the dispatcher on real Postgres: /mydata's export, its erasure
// behind a confirmation, the instructor's path, and the leaderboard's pseudonyms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/context.ts';
import { ERASED_NAME } from '../../src/core/privacy/data-rights-service.ts';
import type { Reply } from '../../src/core/reply.ts';
import { allText, button, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from './fixture.ts';

let f: ClassroomFixture;
let modelVersionId: number;
beforeAll(async () => {
  f = await createClassroomFixture();
  // The classifier's registry row its predictions point at (the classifier itself isn't needed here).
  const backbone = await f.db.prisma.backbone.create({ data: { name: 'mydata-test-backbone', featureSize: 2 } });
  const version = await f.db.prisma.modelVersion.create({
    data: { version: 1, backboneId: backbone.id, labels: ['kimchi', 'bibimbap'], weights: {}, metrics: {}, dataFingerprint: 'x', trainedBy: 'test' },
  });
  modelVersionId = version.id;
});
afterAll(async () => {
  await f?.db.drop();
});

/** A member who opened a lesson, answered a quiz question and two challenge steps, posted a photo and corrected it. */
async function active(who: Invocation, secret: string): Promise<number> {
  await f.dispatcher.runCommand(who, 'lesson', { number: 7 });
  const [question] = await f.dispatcher.runCommand(who, 'quiz', { lesson: 7 });
  await f.dispatcher.runAction(who, button(question, 'quiz:answer:').actionId);
  await f.dispatcher.runAction(who, 'challenge:answer:7:1', { text: '512' });
  await f.dispatcher.runAction(who, 'challenge:answer:7:2', { text: `my guess ${secret}` });
  const member = await f.services.roster.resolve(who.classroom, who.caller);
  const prediction = await f.db.prisma.prediction.create({
    data: {
      memberId: member.memberId,
      classroomId: member.classroomId,
      modelVersionId,
      imageSha256: 'a'.repeat(64),
      topClasses: [{ label: 'kimchi', probability: 0.9 }],
      notSure: false,
    },
  });
  await f.db.prisma.labelledExample.create({
    data: { imageSha256: 'a'.repeat(64), label: 'bibimbap', source: 'correction', memberId: member.memberId, predictionId: prediction.id },
  });
  // The same key the cooldown precondition writes for /predict.
  await f.services.rateLimits.take(`cooldown:predict:30/60000ms:${member.classroomId}:${member.memberId}`, { windowMs: 60_000, calls: 30 }, Date.now());
  return member.memberId;
}

function exported(reply: Reply | undefined): Record<string, unknown> & { member: Record<string, unknown> } {
  const file = reply?.blocks.find((b) => b.kind === 'file');
  if (file?.kind !== 'file') throw new Error(`no file in ${JSON.stringify(reply)}`);
  expect(file.file.name).toMatch(/^mydata-\d{4}-\d{2}-\d{2}\.json$/);
  return JSON.parse(new TextDecoder().decode(file.file.data));
}

async function rowsOf(memberId: number) {
  const p = f.db.prisma;
  const where = { memberId };
  return {
    progress: await p.lessonProgress.count({ where }),
    challenge: await p.challengeAnswer.count({ where }),
    points: await p.pointEntry.count({ where }),
    quizAttempts: await p.quizAttempt.count({ where }),
    predictions: await p.prediction.count({ where }),
    corrections: await p.labelledExample.count({ where }),
    windows: await p.rateLimitWindow.count({ where: { key: { endsWith: `:${memberId}` } } }),
  };
}

describe('/mydata', () => {
  it("exports everything stored about the caller as a JSON file for their DM, and nothing of another member's", async () => {
    const room = { classroom: 'export-room' };
    const alice = f.as('Alice', room);
    const aliceId = await active(alice, 'alice-secret-answer');
    await active(f.as('Bob', room), 'bob-secret-answer');

    const [reply] = await f.dispatcher.runCommand(alice, 'mydata', {});
    expectPlatformSafe([reply!]);
    expect(reply).toMatchObject({ private: true, target: 'dm', tone: 'info' });
    expect(allText(reply)).toContain('Challenge answers 2');
    const data = exported(reply) as Record<string, unknown[]> & { member: Record<string, unknown> };
    expect(data.member).toMatchObject({ id: aliceId, platformUserId: 'id-alice', displayName: 'Alice', showNameOnLeaderboard: false });
    expect(data.lessonProgress).toHaveLength(1);
    expect(data.quizAttempts).toHaveLength(1);
    expect((data.quizAttempts![0] as { answers: unknown[] }).answers).toHaveLength(1);
    expect(data.challengeAnswers).toHaveLength(2);
    expect(data.points!.length).toBeGreaterThan(0);
    expect(data.predictions).toHaveLength(1);
    expect(data.corrections).toMatchObject([{ label: 'bibimbap' }]);
    expect(data.rateLimitWindows).toHaveLength(1);
    const json = JSON.stringify(data);
    expect(json).toContain('alice-secret-answer');
    expect(json).not.toContain('bob-secret-answer');
    expect(json).not.toContain('id-bob');
    for (const list of ['lessonProgress', 'quizAttempts', 'challengeAnswers', 'points'] as const) {
      for (const row of data[list] as { memberId: number }[]) expect(row.memberId).toBe(aliceId);
    }
  });

  it('erases only after the confirmation, keeps quiz answers anonymously, and a double click is harmless', async () => {
    const room = { classroom: 'erase-room' };
    const carol = f.as('Carol', room);
    const carolId = await active(carol, 'carol-secret');
    const daveId = await active(f.as('Dave', room), 'dave-secret');
    const before = await rowsOf(carolId);

    const [confirm] = await f.dispatcher.runCommand(carol, 'mydata', { action: 'delete' });
    expectPlatformSafe([confirm!]);
    expect(confirm).toMatchObject({ private: true, tone: 'warning' });
    const yes = button(confirm, 'mydata:erase:');
    expect(yes.label).toBe('Yes, delete my data');
    expect(await rowsOf(carolId)).toEqual(before); // asking erases nothing

    const clicks = await Promise.all([f.dispatcher.runAction(carol, yes.actionId), f.dispatcher.runAction(carol, yes.actionId)]);
    const texts = clicks.map(([r]) => allText(r));
    expect(texts.filter((t) => t.includes('Erased:'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('already deleted'))).toHaveLength(1);

    expect(await rowsOf(carolId)).toEqual({ progress: 0, challenge: 0, points: 0, quizAttempts: 1, predictions: 0, corrections: 0, windows: 0 });
    const placeholder = await f.db.prisma.member.findUniqueOrThrow({ where: { id: carolId } });
    expect(placeholder).toMatchObject({ displayName: ERASED_NAME, platformUserId: `erased-${carolId}`, language: null });
    expect(placeholder.erasedAt).not.toBeNull();
    // Detached, not lost: the model's audit trail and training data keep the rows without the person.
    expect(await f.db.prisma.prediction.count({ where: { memberId: null, classroomId: placeholder.classroomId } })).toBe(1);
    expect(await f.db.prisma.challengeAnswer.count({ where: { text: { contains: 'carol-secret' } } })).toBe(0);
    // The other member keeps everything.
    expect(await rowsOf(daveId)).toMatchObject({ challenge: 2, quizAttempts: 1, predictions: 1, corrections: 1, windows: 1 });

    // The class's statistics still count the anonymous quiz attempt; nothing names Carol.
    const teacher = f.as('Teacher', { ...room, role: 'instructor' });
    const [report] = await f.dispatcher.runCommand(teacher, 'report', {});
    const file = report!.blocks.find((b) => b.kind === 'file');
    const csv = file?.kind === 'file' ? new TextDecoder().decode(file.file.data) : '';
    expect(csv).toContain(ERASED_NAME);
    expect(csv).not.toContain('Carol');
    // A late click finds nothing left to erase; like any call, it makes Carol a fresh, empty member.
    const [late] = await f.dispatcher.runAction(carol, yes.actionId);
    expect(allText(late)).toContain('already deleted');
    const [fresh] = await f.dispatcher.runCommand(carol, 'mydata', {});
    const again = exported(fresh) as Record<string, unknown[]> & { member: { id: number } };
    expect(again.member.id).not.toBe(carolId);
    expect(again.challengeAnswers).toEqual([]);
  });

  it('cancels without deleting anything', async () => {
    const erin = f.as('Erin', { classroom: 'cancel-room' });
    const erinId = await active(erin, 'erin-secret');
    const before = await rowsOf(erinId);
    const [confirm] = await f.dispatcher.runCommand(erin, 'mydata', { action: 'delete' });
    const [cancelled] = await f.dispatcher.runAction(erin, button(confirm, 'mydata:cancel').actionId);
    expect(cancelled).toMatchObject({ target: 'update' });
    expect(allText(cancelled)).toContain('Nothing was deleted');
    expect(await rowsOf(erinId)).toEqual(before);
    const [bad] = await f.dispatcher.runCommand(erin, 'mydata', { action: 'destroy' });
    expect(bad).toMatchObject({ tone: 'error', private: true });
    expect(allText(bad)).toContain('show or delete');
  });

  it("lets an instructor export and erase a member's data, and refuses a student both", async () => {
    const room = { classroom: 'instructor-room' };
    const frankId = await active(f.as('Frank', room), 'frank-secret');
    const grace = f.as('Grace', room);
    await f.dispatcher.runCommand(grace, 'help', {});
    const teacher = f.as('Teacher', { ...room, role: 'instructor' });

    const [refused] = await f.dispatcher.runCommand(grace, 'mydata', { member: 'id-frank' });
    expect(refused).toMatchObject({ tone: 'error' });
    expect(allText(refused)).toContain('for instructors only');
    // A forged button for someone else's data is refused by the core.
    const [forged] = await f.dispatcher.runAction(grace, `mydata:erase:${frankId}`);
    expect(forged).toMatchObject({ tone: 'error' });
    expect((await rowsOf(frankId)).challenge).toBe(2);

    const [theirs] = await f.dispatcher.runCommand(teacher, 'mydata', { member: 'id-frank' });
    expect(allText(theirs)).toContain("Frank's data");
    expect(JSON.stringify(exported(theirs))).toContain('frank-secret');
    const [confirm] = await f.dispatcher.runCommand(teacher, 'mydata', { action: 'delete', member: 'Frank' });
    const yes = button(confirm, `mydata:erase:${frankId}`);
    expect(yes.label).toBe("Yes, delete this member's data");
    const [done] = await f.dispatcher.runAction(teacher, yes.actionId);
    expect(allText(done)).toContain('Erased:');
    expect(await rowsOf(frankId)).toMatchObject({ challenge: 0, points: 0, quizAttempts: 1 });
    const [unknown] = await f.dispatcher.runCommand(teacher, 'mydata', { member: 'id-frank' });
    expect(allText(unknown)).toContain("hasn't used this classroom");
  });
});

describe('leaderboard names', () => {
  it('shows a stable "Student N" for everyone but the members who opted in with /privacy', async () => {
    const room = { classroom: 'board-room' };
    const teacher = f.as('Teacher', { ...room, role: 'instructor' });
    await f.dispatcher.runCommand(teacher, 'help', {});
    const names = ['Hana', 'Ivan', 'Jun'];
    for (const name of names) await f.dispatcher.runAction(f.as(name, room), 'challenge:answer:7:1', { text: '512' });

    // Each member learns their pseudonym in /progress; the public board uses the same one.
    const numberOf = async (name: string) => /Student (\d+)/.exec(allText((await f.dispatcher.runCommand(f.as(name, room), 'progress', {}))[0]))?.[1];
    const before = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await numberOf(n)] as const)));
    expect(new Set(Object.values(before)).size).toBe(3);
    const [hidden] = await f.dispatcher.runCommand(teacher, 'leaderboard', {});
    const first = allText(hidden);
    for (const name of names) {
      expect(first).not.toContain(name);
      expect(first).toContain(`Student ${before[name]} —`);
    }

    const [shown] = await f.dispatcher.runCommand(f.as('Ivan', room), 'privacy', { leaderboard: 'show' });
    expect(allText(shown)).toContain('will show your name');
    await f.dispatcher.runAction(f.as('Kim', room), 'challenge:answer:7:1', { text: '512' }); // a newcomer
    const [board] = await f.dispatcher.runCommand(teacher, 'leaderboard', {});
    const text = allText(board);
    expect(text).toContain('Ivan');
    expect(text).not.toContain(`Student ${before.Ivan} —`);
    expect(text).not.toContain('Hana');
    expect(text).not.toContain('Jun');
    // Hana and Jun keep the numbers they had, after a newcomer and another's choice.
    for (const name of ['Hana', 'Jun']) {
      expect(await numberOf(name)).toBe(before[name]);
      expect(text).toContain(`Student ${before[name]} —`);
    }
    expect(text.match(/Student \d+/g)).toHaveLength(3);

    // Instructors' private views keep real names.
    const [report] = await f.dispatcher.runCommand(teacher, 'report', {});
    const file = report!.blocks.find((b) => b.kind === 'file');
    expect(file?.kind === 'file' ? new TextDecoder().decode(file.file.data) : '').toContain('Hana');

    await f.dispatcher.runCommand(f.as('Ivan', room), 'privacy', { leaderboard: 'hide' });
    const [again] = await f.dispatcher.runCommand(teacher, 'leaderboard', {});
    expect(allText(again)).not.toContain('Ivan');
    const [status] = await f.dispatcher.runCommand(f.as('Ivan', room), 'privacy', {});
    expect(allText(status)).toContain('"Student N"');
  });
});
