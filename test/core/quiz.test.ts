import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type QuizQuestion } from '../../src/core/lessons/content.ts';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
let quiz: QuizQuestion[];
beforeAll(async () => {
  f = await createCoreFixture();
  quiz = f.catalog.get(7)!.quiz;
});
afterAll(async () => {
  await f?.db.drop();
});

const right = (i: number) => quiz[i]!.answer;
const wrong = (i: number) => quiz[i]!.options.find((o) => o.id !== quiz[i]!.answer)!.id;
const qid = (i: number) => quiz[i]!.id;

async function points(memberId: number): Promise<number> {
  const sum = await f.prisma.pointEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  return sum._sum.points ?? 0;
}

describe('quiz', () => {
  it('asks the questions in order, grades, explains and scores', async () => {
    const member = await f.join('Quizzer');
    const state = await f.services.quiz.start(member, 7);
    expect(state.current).toBe(0);
    const a1 = await f.services.quiz.answer(member, state.attempt.id, qid(0), right(0));
    expect(a1).toMatchObject({ status: 'recorded', correct: true, pointsEarned: 10 });
    // The lesson as the fixture loads it, read again here: question 1's own explanation, word for word.
    expect(a1.question.explanation).toEqual((await loadLessons()).get(7)!.quiz[0]!.explanation);
    expect(a1.state.current).toBe(1);
    const a2 = await f.services.quiz.answer(member, state.attempt.id, qid(1), wrong(1));
    expect(a2).toMatchObject({ status: 'recorded', correct: false, pointsEarned: 0 });
    const a3 = await f.services.quiz.answer(member, state.attempt.id, qid(2), right(2));
    expect(a3.state.current).toBeNull();
    expect(a3.state.attempt.finishedAt).toBeInstanceOf(Date);
    expect(a3.state.attempt.score).toBe(2);
    expect(a3.bestScore).toBe(2);
    expect(await points(member.memberId)).toBe(20);
  });

  it('changes nothing on a second answer to the same question, and says what was recorded', async () => {
    const member = await f.join('Double');
    const { attempt } = await f.services.quiz.start(member, 7);
    await f.services.quiz.answer(member, attempt.id, qid(0), wrong(0));
    const again = await f.services.quiz.answer(member, attempt.id, qid(0), right(0));
    expect(again).toMatchObject({ status: 'already', correct: false, pointsEarned: 0 });
    expect(again.choice.id).toBe(wrong(0));
    const rows = await f.prisma.quizAnswer.findMany({ where: { attemptId: attempt.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.choice).toBe(wrong(0));
    expect(await points(member.memberId)).toBe(0);
  });

  it('records one answer when two identical clicks arrive at once', async () => {
    const member = await f.join('Clicker');
    const { attempt } = await f.services.quiz.start(member, 7);
    const outcomes = await Promise.all([1, 2, 3].map(() => f.services.quiz.answer(member, attempt.id, qid(0), right(0))));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already', 'already', 'recorded']);
    expect(await f.prisma.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(1);
    const row = await f.prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect(row.score).toBe(1);
    expect(await points(member.memberId)).toBe(10);
  });

  it('refuses an answer to a question that is not the current one', async () => {
    const member = await f.join('Skipper');
    const { attempt } = await f.services.quiz.start(member, 7);
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, qid(2), right(2)))).toBe('quiz-not-current');
    expect(await f.prisma.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(0);
  });

  it('refuses an option that does not exist, and an unknown question or attempt', async () => {
    const member = await f.join('Typo');
    const { attempt } = await f.services.quiz.start(member, 7);
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, qid(0), 'zz'))).toBe('quiz-bad-option');
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, 'q99', 'a'))).toBe('quiz-stale');
    expect(await userErrorCode(() => f.services.quiz.answer(member, 987654, qid(0), 'a'))).toBe('quiz-stale');
    expect(await f.prisma.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(0);
  });

  it("refuses an answer to another member's attempt", async () => {
    const owner = await f.join('Owner');
    const other = await f.join('Other');
    const { attempt } = await f.services.quiz.start(owner, 7);
    expect(await userErrorCode(() => f.services.quiz.answer(other, attempt.id, qid(0), right(0)))).toBe('quiz-stale');
  });

  it('resumes an unfinished attempt where it stopped', async () => {
    const member = await f.join('Resumer');
    const first = await f.services.quiz.start(member, 7);
    await f.services.quiz.answer(member, first.attempt.id, qid(0), right(0));
    const resumed = await f.services.quiz.start(member, 7);
    expect(resumed.attempt.id).toBe(first.attempt.id);
    expect(resumed.resumed).toBe(true);
    expect(resumed.current).toBe(1);
  });

  it('opens one attempt when a start is double-clicked', async () => {
    const member = await f.join('Starter');
    const states = await Promise.all([1, 2, 3].map(() => f.services.quiz.start(member, 7)));
    expect(new Set(states.map((s) => s.attempt.id)).size).toBe(1);
    expect(await f.prisma.quizAttempt.count({ where: { memberId: member.memberId } })).toBe(1);
  });

  it('makes a retake a new attempt, and counts the best one for points', async () => {
    const member = await f.join('Retaker');
    const play = async (choices: ('right' | 'wrong')[]) => {
      const { attempt } = await f.services.quiz.start(member, 7);
      for (const [i, c] of choices.entries()) await f.services.quiz.answer(member, attempt.id, qid(i), c === 'right' ? right(i) : wrong(i));
      return attempt.id;
    };
    const first = await play(['right', 'right', 'wrong']);
    expect(await points(member.memberId)).toBe(20);
    const second = await play(['wrong', 'right', 'wrong']);
    expect(second).not.toBe(first);
    expect(await points(member.memberId)).toBe(20);
    expect(await f.services.quiz.bestScore(member, 7)).toBe(2);
    await play(['right', 'right', 'right']);
    expect(await points(member.memberId)).toBe(30);
    expect(await f.services.quiz.bestScore(member, 7)).toBe(3);
    expect(await f.prisma.quizAttempt.count({ where: { memberId: member.memberId } })).toBe(3);
  });
});
