// A full quiz in a DM over Slack: the question in the member's DM (conversations.open), each
// answer updating its message (buttons gone, the right answer marked, the explanation), the next
// question, the score card. A double click and a redelivered click score once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import { interactionForm, blockActionsPayload, type Actor } from '../../support/slack-double/signer.ts';
import type { StoredMessage } from '../../support/slack-double/types.ts';
import { alice, bob, CHANNEL, SlackHarness, TEAM } from '../harness.ts';

let h: SlackHarness;
// Each test takes the quiz as a member of its own, so none reads another's DM or answers.
const member = (name: string) => ({ teamId: TEAM, userId: `U0${name.toUpperCase()}`, userName: name }) satisfies Actor;
const carol = member('carol');
const dave = member('dave');
const erin = member('erin');
beforeAll(async () => {
  h = await SlackHarness.start();
  for (const a of [carol, dave, erin]) h.double.addUser({ id: a.userId, name: a.userName, real_name: a.userName, locale: 'en-US' });
});
afterAll(async () => {
  await h?.close();
});

const dmOf = (actor: Actor) => `D${actor.userId}`;
const question = (n: number) => (m: StoredMessage) => new RegExp(`Quiz · Lesson 7 — ${n}/5`).test(textOf(m.blocks)) && buttonsIn(m.blocks).length > 0;

const alreadyAnswered = (actor: Actor) => (m: StoredMessage) => m.ephemeralFor === actor.userId && /already answered question 1/.test(textOf(m.blocks));

async function answersOf(actor: Actor) {
  return h.db.prisma.quizAnswer.findMany({ where: { attempt: { member: { platformUserId: actor.userId } } }, orderBy: { id: 'asc' } });
}

/** `/quiz 7` in the channel as `actor`: the first question, once it is in their DM. */
async function startQuiz(actor: Actor): Promise<StoredMessage> {
  await h.command(actor, '/quiz 7');
  return h.waitForMessage(actor, dmOf(actor), question(1), `question 1 in ${actor.userName}'s DM`);
}

describe('the quiz in a DM', () => {
  it('/quiz 7 in a channel sends the first question to the DM, with a private pointer in the channel', async () => {
    const first = await startQuiz(alice);
    expect(buttonsIn(first.blocks).map((b) => b.text)).toHaveLength(4);
    expect(h.double.callsTo('conversations.open').some((c) => c.args.users === alice.userId)).toBe(true);
    await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /DMs/.test(textOf(m.blocks)), 'the pointer');
  });

  it('a double click and a redelivered click record one answer and post one next question', async () => {
    const dm = dmOf(carol);
    const first = await startQuiz(carol);
    const choice = buttonsIn(first.blocks)[0]!;
    const [a, b] = await Promise.all([h.click(carol, first, choice), h.click(carol, first, choice)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.waitForMessage(carol, dm, question(2), 'question 2');
    // The losing click of the pair says "already answered"; count from there, so the two
    // redeliveries below must each add a note of their own.
    await h.waitForMessage(carol, dm, alreadyAnswered(carol), 'the double click\'s "already answered" note');
    const notesBefore = h.double.seenBy(carol.userId, dm).filter(alreadyAnswered(carol)).length;
    expect(notesBefore).toBe(1);
    // The exact request again, as a retrying network would send it.
    const payload = blockActionsPayload(
      carol,
      { message: { channelId: dm, ts: first.ts, blocks: first.blocks ?? [] } },
      { type: 'button', actionId: choice.actionId, text: choice.text },
      {
        responseUrl: h.double.responseUrl({ user: carol.userId, channel: dm, messageTs: first.ts }),
        triggerId: h.double.triggerId(),
      },
    );
    const form = interactionForm(payload);
    expect((await h.sender.send(form)).status).toBe(200);
    expect((await h.sender.send(form, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    // Wait until both redeliveries were handled: each posts its note after its database work.
    const notes = () => h.double.seenBy(carol.userId, dm).filter(alreadyAnswered(carol)).length;
    await h.double
      .waitFor(() => notes() >= notesBefore + 2, 20_000, 'an "already answered" note for each redelivery')
      .catch((error: Error) => {
        throw new Error(`${error.message}\nnotes: ${notes()} (before: ${notesBefore})\nlogs: ${h.logs.join('\n')}`);
      });
    expect(notes()).toBe(notesBefore + 2);
    expect((await answersOf(carol)).length).toBe(1);
    expect(h.double.seenBy(carol.userId, dm).filter(question(2))).toHaveLength(1);
    const points = await h.db.prisma.pointEntry.findMany({ where: { member: { platformUserId: carol.userId } } });
    expect(new Set(points.map((p) => p.reason)).size).toBe(points.length);
  });

  it('the answered question is updated in place: no buttons, the right answer marked, the explanation', async () => {
    const first = await startQuiz(dave);
    await h.click(dave, first, buttonsIn(first.blocks)[0]!);
    await h.double.waitFor((c) => c.method === 'chat.update' && c.args.ts === first.ts && c.outcome === 'ok', 10_000, 'question 1 updated');
    const updated = h.double.seenBy(dave.userId, dmOf(dave)).find((m) => m.ts === first.ts)!;
    expect(buttonsIn(updated.blocks)).toEqual([]);
    const text = textOf(updated.blocks);
    expect(text).toMatch(/✅ \*A|✅ \*B|✅ \*C|✅ \*D/);
    expect(text).toContain('💡');
    expect(h.double.callsTo('chat.update').filter((c) => c.args.ts === first.ts && c.outcome === 'ok')).toHaveLength(1);
  });

  it('answers them all and closes with a score card; the score matches the database', async () => {
    const dm = dmOf(erin);
    await startQuiz(erin);
    for (const n of [1, 2, 3, 4, 5]) {
      const message = await h.waitForMessage(erin, dm, question(n), `question ${n}`);
      await h.click(erin, message, buttonsIn(message.blocks)[1]!);
    }
    const card = await h.waitForMessage(erin, dm, (m) => /Quiz results · Lesson 7/.test(textOf(m.blocks)), 'the score card');
    const recorded = await answersOf(erin);
    expect(recorded).toHaveLength(5);
    const score = recorded.filter((r) => r.correct).length;
    expect(textOf(card.blocks)).toContain(`${score}/5`);
    const attempt = await h.db.prisma.quizAttempt.findFirstOrThrow({ where: { member: { platformUserId: erin.userId } } });
    expect(attempt.score).toBe(score);
    expect(attempt.finishedAt).not.toBeNull();
  });

  it("a member whose DMs can't be opened is told how to fix it, in the channel", async () => {
    h.double.closedDms.set(bob.userId, 'cannot_dm_bot');
    await h.command(bob, '/quiz 7');
    const note = await h.waitForMessage(bob, CHANNEL, (m) => m.ephemeralFor === bob.userId && /다이렉트 메시지/.test(textOf(m.blocks)), 'the DM-closed note');
    expect(textOf(note.blocks)).toContain('메시지 탭');
  });
});
