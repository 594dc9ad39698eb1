// /roster sync on Slack: the channel's members through conversations.members (paged) and
// users.info, bots and deactivated accounts left out, admins as instructors; refused to students;
// a channel the bot is not in gets a plain answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, bob, CHANNEL, SlackHarness, teacher } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
  const quiet = Array.from({ length: 230 }, (_, i) => `U0QUIET${String(i).padStart(3, '0')}`);
  for (const id of quiet) h.double.addUser({ id, name: id.toLowerCase(), real_name: `Quiet ${id.slice(-3)}` });
  h.double.addUser({ id: 'U0GONE', name: 'gone', real_name: 'Gone', deleted: true } as never);
  h.double.addUser({ id: 'U0HELPER', name: 'helperbot', is_bot: true });
  // More than one page of conversations.members (200 a page).
  h.double.channelMembers.set(CHANNEL, [teacher.userId, alice.userId, bob.userId, 'U0GONE', 'U0HELPER', ...quiet]);
  h.double.channelMembers.set('C0ELSEWHERE', [teacher.userId]);
  h.double.channelsWithoutBot.add('C0ELSEWHERE');
});
afterAll(async () => {
  await h?.close();
});

const reply = (actor: typeof alice, pattern: RegExp, label: string) =>
  h.waitForMessage(actor, CHANNEL, (m) => m.ephemeralFor === actor.userId && pattern.test(textOf(m.blocks)), label);

describe('/roster sync', () => {
  it('is refused to a student, and nobody is added', async () => {
    await h.command(alice, '/roster sync');
    await reply(alice, /instructors only/, 'the refusal');
    expect(h.double.calls.some((c) => c.method === 'conversations.members')).toBe(false);
  });

  it("adds the channel's people, page by page, and shows who has not started", async () => {
    await h.command(alice, '/lesson 7'); // alice has used the bot before the sync
    await h.waitForMessage(alice, CHANNEL, (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson');
    await h.command(teacher, '/roster sync');
    const done = await reply(teacher, /added/, 'the sync result');
    // alice and the teacher are known already: 230 quiet members and bob are new.
    expect(textOf(done.blocks)).toContain('231 added, 0 updated, 2 unchanged.');
    expect(h.double.calls.filter((c) => c.method === 'conversations.members')).toHaveLength(2);
    const rows = await h.db.prisma.member.findMany({ where: { classroom: { externalId: 'T0CLASS' } } });
    expect(rows.some((r) => r.platformUserId === 'U0GONE' || r.platformUserId === 'U0HELPER')).toBe(false);
    expect(rows.find((r) => r.platformUserId === teacher.userId)?.role).toBe('instructor');
    expect(new Set(rows.map((r) => r.platformUserId)).size).toBe(rows.length);

    await h.command(teacher, '/roster show');
    // In the teacher's own language: the sync's users.info lookups keep each member's locale.
    const shown = await reply(teacher, /Not started yet/, 'the roster');
    expect(textOf(shown.blocks)).toMatch(/Not started yet: Bob, Quiet 000/);
  });

  it('tells the instructor to invite the bot to a channel it is not in', async () => {
    await h.command(teacher, '/roster sync', 'C0ELSEWHERE');
    await h.double.waitFor(
      () => h.double.seenBy(teacher.userId, 'C0ELSEWHERE').some((m) => /Invite the bot first/.test(textOf(m.blocks))),
      undefined,
      'the invite hint',
    );
  });
});
