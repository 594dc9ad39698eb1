// What a member types in their DM with the bot (issue 12: "messages a student types in the bot's
// DM get silence"): the real Bolt app fed signed message.im events, its replies on the Slack double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type Lesson } from '../../../src/core/lessons/content.ts';
import { LETTERS, optionsShown } from '../../../src/core/quiz/quiz-service.ts';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import { drawnQuestions } from '../../support/quiz.ts';
import { alice, bob, SlackHarness } from '../harness.ts';

let h: SlackHarness;
let lesson: Lesson;
beforeAll(async () => {
  h = await SlackHarness.start();
  lesson = (await loadLessons()).get(7)!;
});
afterAll(async () => {
  await h?.close();
});

describe('a message typed in the DM', () => {
  it('is answered in the DM with what to type, in the member language', async () => {
    const delivery = await h.directMessage(bob, '퀴즈는 어떻게 풀어요?');
    expect(delivery.status).toBe(200);
    const answer = await h.waitForMessage(bob, `D${bob.userId}`, (m) => /\/review 7/.test(textOf(m.blocks)), 'an answer in the DM');
    expect(textOf(answer.blocks)).toContain('/quiz 7');
    expect(textOf(answer.blocks)).toContain('명령');
  });

  it('shows the waiting quiz question again, and takes its letter typed as the answer', async () => {
    const dm = `D${alice.userId}`;
    await h.command(alice, '/quiz 7');
    await h.waitForMessage(alice, dm, (m) => /Quiz · Lesson 7 — 1\/5/.test(textOf(m.blocks)), 'question 1');
    const [first, second] = await drawnQuestions(h.db.prisma, lesson, alice.userId);
    await h.directMessage(alice, 'hello?');
    await h.waitForMessage(alice, dm, (m) => /type its letter/.test(textOf(m.blocks)), 'the quiz is waiting note');
    const copies = () =>
      h.double.seenBy(alice.userId, dm).filter((m) => textOf(m.blocks).includes(first!.prompt.en) && buttonsIn(m.blocks).length === 4).length;
    await h.double.waitFor(() => copies() === 2, undefined, 'the question shown again');

    const attempt = await h.db.prisma.quizAttempt.findFirstOrThrow({ where: { member: { platformUserId: alice.userId } } });
    const shown = optionsShown(attempt, first!);
    const wrong = shown.findIndex((o) => o.id !== first!.answer);
    await h.directMessage(alice, `${LETTERS[wrong]}`);
    await h.waitForMessage(alice, dm, (m) => textOf(m.blocks).includes(second!.prompt.en), 'question 2');
    const answers = await h.db.prisma.quizAnswer.findMany({ where: { attemptId: attempt.id } });
    expect(answers.map((a) => [a.questionId, a.choice, a.correct])).toEqual([[first!.id, shown[wrong]!.id, false]]);
    // The miss is waiting in /review, due now.
    expect(await h.db.prisma.reviewItem.count({ where: { memberId: attempt.memberId, questionId: first!.id } })).toBe(1);
  });
});
