// /answers and its override buttons through the dispatcher, on Postgres: the verdict that counts
// changes, points and the report follow it, every change is recorded, the student is told in a DM,
// and a stale, foreign or vanished answer gets a clear answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DmClosedError } from '../../src/core/errors.ts';
import { REPORT_HEADER } from '../../src/core/progress/progress-service.ts';
import type { Reply } from '../../src/core/reply.ts';
import { parseCsv } from '../core/csv-reader.ts';
import { allText, button, buttons, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from './fixture.ts';

let f: ClassroomFixture;
const dms: { to: string; reply: Reply }[] = [];
let dmsClosed = false;

beforeAll(async () => {
  f = await createClassroomFixture();
  // Discord's side of a DM: what the bot would send to the member.
  f.services.messages.register('discord', {
    send: async (to, reply) => {
      if (dmsClosed) throw new DmClosedError();
      dms.push({ to: to.platformUserId, reply });
    },
  });
});

afterAll(async () => {
  await f?.db.drop();
});

async function answer(name: string, step: number, text: string) {
  return f.dispatcher.runAction(f.as(name), `challenge:answer:7:${step}`, { text });
}

async function pointsOf(name: string): Promise<number> {
  const member = await f.db.prisma.member.findFirstOrThrow({ where: { platformUserId: `id-${name.toLowerCase()}` } });
  return (await f.db.prisma.pointEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } }))._sum.points ?? 0;
}

const teacher = () => f.as('Teacher', { role: 'instructor' });

describe('/answers', () => {
  it('shows the answers with a button each, and accepting a refused one pays, records and tells the student', async () => {
    await answer('Mina', 1, '1000');
    const [list] = await f.dispatcher.runCommand(teacher(), 'answers', { member: 'id-mina' });
    expectPlatformSafe([list!]);
    expect(allText(list)).toContain('❌ not correct (grader: ❌ classes-1000)');
    const accept = button(list, 'answers:set:');
    expect(accept.actionId).toMatch(/^answers:set:\d+:accept$/);
    expect(accept.prompt).toBeDefined();

    const [done] = await f.dispatcher.runAction(teacher(), accept.actionId, { text: 'Right idea, wrong layer' });
    expect(allText(done)).toMatch(/now counts as ✅ correct\. Points \+10 \(now 10\)\. Mina was told in a DM\./);
    expect(await pointsOf('Mina')).toBe(10);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.to).toBe('id-mina');
    expect(allText(dms[0]!.reply)).toContain('Right idea, wrong layer');
    // Not the caller: the DM follows the student's /language, else the classroom's (Korean here).
    expect(allText(dms[0]!.reply)).toContain('점수 +10점 (지금 10점)');

    // The step counts as solved: the challenge moves on, and the report says so.
    const [next] = await f.dispatcher.runCommand(f.as('Mina'), 'challenge', { lesson: 7 });
    expect(allText(next)).toContain('Step 2 of 3');
    const caller = await f.services.roster.resolve(teacher().classroom, teacher().caller);
    const rows = parseCsv(await f.services.progress.reportCsv(caller));
    const col = (name: string) => REPORT_HEADER.indexOf(name);
    const mina = rows.find((r) => r[col('name')] === 'Mina')!;
    expect(['role', 'status', 'quiz_best_score', 'challenge_steps_done', 'points'].map((n) => mina[col(n)])).toEqual(['student', 'started', '0', '1', '10']);

    const log = await f.db.prisma.challengeOverride.findMany();
    expect(log).toEqual([expect.objectContaining({ byName: 'Teacher', beforeCorrect: false, afterCorrect: true, note: 'Right idea, wrong layer' })]);
    const stored = await f.db.prisma.challengeAnswer.findFirstOrThrow({ where: { id: log[0]!.answerId } });
    expect(stored).toMatchObject({ correct: true, gradedCorrect: false, verdict: 'classes-1000', overrideNote: 'Right idea, wrong layer' });

    // The same click again changes nothing, records nothing and tells nobody.
    const [again] = await f.dispatcher.runAction(teacher(), accept.actionId, { text: 'Right idea, wrong layer' });
    expect(allText(again)).toContain('already counts as ✅ correct. Nothing changed.');
    expect(await f.db.prisma.challengeOverride.count()).toBe(1);
    expect(dms).toHaveLength(1);
  });

  it('rejecting takes the points back unless another answer still solves the step', async () => {
    const [list] = await f.dispatcher.runCommand(teacher(), 'answers', { member: 'id-mina' });
    const reject = button(list, 'answers:set:');
    expect(reject.actionId).toMatch(/:reject$/);
    const [taken] = await f.dispatcher.runAction(teacher(), reject.actionId, { text: '-' });
    expect(allText(taken)).toMatch(/now counts as ❌ not correct\. Points −10 \(now 0\)/);
    expect(await pointsOf('Mina')).toBe(0);
    expect(allText(dms.at(-1)!.reply)).not.toContain('강사님의 말');

    // Mina solves the step herself; accepting the refused answer then pays nothing more, and
    // rejecting her right one leaves the step solved by the accepted one.
    await answer('Mina', 1, '512');
    expect(await pointsOf('Mina')).toBe(10);
    const [accepted] = await f.dispatcher.runAction(teacher(), reject.actionId.replace(/reject$/, 'accept'));
    expect(allText(accepted)).toContain('Points ±0 (now 10)');
    const [listed] = await f.dispatcher.runCommand(teacher(), 'answers', { member: 'id-mina' });
    const rejectRight = buttons(listed).at(-1)!;
    expect(rejectRight.actionId).toMatch(/:reject$/);
    const [kept] = await f.dispatcher.runAction(teacher(), rejectRight.actionId, { text: 'Please show your working' });
    expect(allText(kept)).toContain('Points ±0 (now 10)');
    expect(await pointsOf('Mina')).toBe(10);
  });

  it('says so when the student could not be told (DMs closed)', async () => {
    await answer('Jun', 1, '1000');
    const [list] = await f.dispatcher.runCommand(teacher(), 'answers', { member: 'Jun' });
    dmsClosed = true;
    try {
      const [done] = await f.dispatcher.runAction(teacher(), button(list, 'answers:set:').actionId, { text: '-' });
      expect(allText(done)).toContain("Jun's DMs are closed, so they weren't told.");
      expect(await pointsOf('Jun')).toBe(10);
    } finally {
      dmsClosed = false;
    }
  });

  it('refuses students, other classrooms, stale buttons and answers that no longer exist', async () => {
    await answer('Sora', 1, '1000');
    const [list] = await f.dispatcher.runCommand(teacher(), 'answers', { member: 'Sora' });
    const accept = button(list, 'answers:set:');

    const [asStudent] = await f.dispatcher.runCommand(f.as('Sora'), 'answers', { member: 'Sora' });
    expect(allText(asStudent)).toContain('/answers is for instructors only.');
    const [clickedByStudent] = await f.dispatcher.runAction(f.as('Sora'), accept.actionId, { text: '-' });
    expect(allText(clickedByStudent)).toContain('for instructors only');

    const [elsewhere] = await f.dispatcher.runAction(f.as('Other', { role: 'instructor', classroom: 'guild-2' }), accept.actionId, { text: '-' });
    expect(allText(elsewhere)).toContain('That answer no longer exists');

    const [stale] = await f.dispatcher.runAction(teacher(), 'answers:set:x:accept', { text: '-' });
    expect(allText(stale)).toContain('This button no longer works');

    const sora = await f.db.prisma.member.findFirstOrThrow({ where: { platformUserId: 'id-sora' } });
    await f.db.prisma.challengeAnswer.deleteMany({ where: { memberId: sora.id } });
    const [gone] = await f.dispatcher.runAction(teacher(), accept.actionId, { text: '-' });
    expect(allText(gone)).toContain('That answer no longer exists');
    expect(await pointsOf('Sora')).toBe(0);
  });
});
