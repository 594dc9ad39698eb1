import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type QuizQuestion } from '../../src/core/lessons/content.ts';
import type { MemberRef } from '../../src/core/ports.ts';
import { optionsShown, QuizService, type QuizState } from '../../src/core/quiz/quiz-service.ts';
import { createPrismaStore } from '../../src/db/repositories/index.ts';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
beforeAll(async () => {
  f = await createCoreFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

const right = (q: QuizQuestion) => q.answer;
const wrong = (q: QuizQuestion) => q.options.find((o) => o.id !== q.answer)!.id;

async function points(memberId: number): Promise<number> {
  const sum = await f.prisma.pointEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  return sum._sum.points ?? 0;
}

/** Starts (or resumes) an attempt and answers every question: true = right, false = wrong. */
async function play(member: MemberRef, plan: boolean[]) {
  const state = await f.services.quiz.start(member, 7);
  let last: Awaited<ReturnType<typeof f.services.quiz.answer>> | undefined;
  for (const [i, ok] of plan.entries()) {
    const q = state.questions[i]!;
    last = await f.services.quiz.answer(member, state.attempt.id, q.id, ok ? right(q) : wrong(q));
  }
  return { state, last: last! };
}

describe('the question bank', () => {
  it('holds at least 12 questions, the seed three first and marked, each with one right option among four', () => {
    const quiz = f.catalog.get(7)!.quiz;
    expect(quiz.length).toBeGreaterThanOrEqual(12);
    expect(quiz.filter((q) => q.seed).map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(new Set(quiz.map((q) => q.id)).size).toBe(quiz.length);
    for (const q of quiz) {
      expect(q.options).toHaveLength(4);
      expect(q.options.filter((o) => o.id === q.answer)).toHaveLength(1);
    }
    expect(f.catalog.get(7)!.quizDraw).toBe(5);
  });
});

describe('quiz', () => {
  it('draws five different questions from the bank, grades, explains and scores', async () => {
    const member = await f.join('Quizzer');
    const { state, last } = await play(member, [true, false, true, true, false]);
    expect(state.current).toBe(0);
    expect(state.questions).toHaveLength(5);
    expect(new Set(state.questions.map((q) => q.id)).size).toBe(5);
    expect(last.state.current).toBeNull();
    expect(last.state.attempt.finishedAt).toBeInstanceOf(Date);
    expect(last.state.attempt.score).toBe(3);
    expect(last.stats).toMatchObject({ attempts: 1, first: { score: 3, total: 5 }, best: { score: 3, total: 5 } });
    // The explanation is the question's own, word for word, as the lesson files say it.
    const fromFile = (await loadLessons()).get(7)!.quiz.find((q) => q.id === last.question.id)!;
    expect(last.question.explanation).toEqual(fromFile.explanation);
    expect(await points(member.memberId)).toBe(30);
    const row = await f.prisma.quizAttempt.findUniqueOrThrow({ where: { id: state.attempt.id } });
    expect(row.questionIds).toEqual(state.questions.map((q) => q.id));
  });

  it('shows options in an order seeded by the attempt, stores that order with the answer, and works it out again after a restart', async () => {
    const member = await f.join('Shuffled');
    const state = await f.services.quiz.start(member, 7);
    const q = state.questions[0]!;
    const shown = optionsShown(state.attempt, q).map((o) => o.id);
    expect([...shown].sort()).toEqual(q.options.map((o) => o.id).sort());
    // A fresh service over the same database (a restart) shows the same order for the same attempt.
    const restarted = new QuizService(f.catalog, createPrismaStore(f.prisma));
    const again = await restarted.state(member, state.attempt.id);
    expect(optionsShown(again.attempt, again.questions[0]!).map((o) => o.id)).toEqual(shown);
    // The click names an option id, graded as that option whatever letter it had.
    const outcome = await restarted.answer(member, state.attempt.id, q.id, shown[3]!);
    expect(outcome.correct).toBe(shown[3] === q.answer);
    const answer = await f.prisma.quizAnswer.findFirstOrThrow({ where: { attemptId: state.attempt.id } });
    expect(answer).toMatchObject({ questionId: q.id, choice: shown[3], shownOrder: shown, correct: shown[3] === q.answer });
  });

  it('moves the right option between letters from one attempt to the next', async () => {
    const member = await f.join('Letters');
    const positions = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const { state } = await play(member, [true, true, true, true, true]);
      for (const q of state.questions) positions.add(optionsShown(state.attempt, q).findIndex((o) => o.id === q.answer));
    }
    expect([...positions].sort()).toEqual([0, 1, 2, 3]);
  });

  it('changes nothing on a second answer to the same question, and says what was recorded', async () => {
    const member = await f.join('Double');
    const { attempt, questions } = await f.services.quiz.start(member, 7);
    const q = questions[0]!;
    await f.services.quiz.answer(member, attempt.id, q.id, wrong(q));
    const again = await f.services.quiz.answer(member, attempt.id, q.id, right(q));
    expect(again).toMatchObject({ status: 'already', correct: false, pointsEarned: 0 });
    expect(again.choice.id).toBe(wrong(q));
    const rows = await f.prisma.quizAnswer.findMany({ where: { attemptId: attempt.id } });
    expect(rows.map((r) => r.choice)).toEqual([wrong(q)]);
    expect(await points(member.memberId)).toBe(0);
  });

  it('records one answer when identical clicks arrive at once', async () => {
    const member = await f.join('Clicker');
    const { attempt, questions } = await f.services.quiz.start(member, 7);
    const q = questions[0]!;
    const outcomes = await Promise.all([1, 2, 3].map(() => f.services.quiz.answer(member, attempt.id, q.id, right(q))));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already', 'already', 'recorded']);
    expect(await f.prisma.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(1);
    expect((await f.prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).score).toBe(1);
    expect(await points(member.memberId)).toBe(10);
  });

  it('refuses an answer to a question that is not the current one, or not in this attempt', async () => {
    const member = await f.join('Skipper');
    const { attempt, questions } = await f.services.quiz.start(member, 7);
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, questions[2]!.id, right(questions[2]!)))).toBe('quiz-not-current');
    const notDrawn = f.catalog.get(7)!.quiz.find((q) => !questions.some((d) => d.id === q.id))!;
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, notDrawn.id, right(notDrawn)))).toBe('quiz-stale');
    expect(await f.prisma.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(0);
  });

  it('refuses an option that does not exist, and an unknown question or attempt', async () => {
    const member = await f.join('Typo');
    const { attempt, questions } = await f.services.quiz.start(member, 7);
    const q = questions[0]!;
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, q.id, 'zz'))).toBe('quiz-bad-option');
    expect(await userErrorCode(() => f.services.quiz.answer(member, attempt.id, 'q99', 'a'))).toBe('quiz-stale');
    expect(await userErrorCode(() => f.services.quiz.answer(member, 987654, q.id, 'a'))).toBe('quiz-stale');
    expect(await f.prisma.quizAnswer.count({ where: { attemptId: attempt.id } })).toBe(0);
  });

  it("refuses an answer to another member's attempt", async () => {
    const owner = await f.join('Owner');
    const other = await f.join('Other');
    const { attempt, questions } = await f.services.quiz.start(owner, 7);
    expect(await userErrorCode(() => f.services.quiz.answer(other, attempt.id, questions[0]!.id, right(questions[0]!)))).toBe('quiz-stale');
  });

  it('resumes an unfinished attempt where it stopped, with the same questions', async () => {
    const member = await f.join('Resumer');
    const first = await f.services.quiz.start(member, 7);
    await f.services.quiz.answer(member, first.attempt.id, first.questions[0]!.id, right(first.questions[0]!));
    const resumed = await f.services.quiz.start(member, 7);
    expect(resumed.attempt.id).toBe(first.attempt.id);
    expect(resumed.questions.map((q) => q.id)).toEqual(first.questions.map((q) => q.id));
    expect(resumed.resumed).toBe(true);
    expect(resumed.current).toBe(1);
  });

  it('opens one attempt when a start is double-clicked', async () => {
    const member = await f.join('Starter');
    const states = await Promise.all([1, 2, 3].map(() => f.services.quiz.start(member, 7)));
    expect(new Set(states.map((s) => s.attempt.id)).size).toBe(1);
    expect(await f.prisma.quizAttempt.count({ where: { memberId: member.memberId } })).toBe(1);
  });

  it('makes a retake a new attempt with questions not asked yet, keeps the first score beside the best, and pays the best', async () => {
    const member = await f.join('Retaker');
    const first = await play(member, [true, true, false, false, false]);
    expect(await points(member.memberId)).toBe(20);
    const second = await play(member, [true, false, false, false, false]);
    expect(second.state.attempt.id).not.toBe(first.state.attempt.id);
    const seen = new Set(first.state.questions.map((q) => q.id));
    expect(second.state.questions.filter((q) => seen.has(q.id))).toEqual([]);
    expect(await points(member.memberId)).toBe(20);
    const third = await play(member, [true, true, true, true, true]);
    expect(third.last.stats).toMatchObject({ attempts: 3, first: { attemptId: first.state.attempt.id, score: 2, total: 5 }, best: { score: 5, total: 5 } });
    expect(await points(member.memberId)).toBe(50);
    expect((await f.services.progress.mine(member)).lessons[0]).toMatchObject({
      quizFirst: { score: 2, total: 5 },
      quizBest: 5,
      quizQuestions: 5,
      quizAttempts: 3,
    });
  });

  it('puts a missed question up for review, due now, with the answer', async () => {
    const member = await f.join('Misser');
    const { state } = await play(member, [false, true, false, true, true]);
    const items = await f.prisma.reviewItem.findMany({ where: { memberId: member.memberId }, orderBy: { id: 'asc' } });
    expect(items.map((i) => i.questionId)).toEqual([state.questions[0]!.id, state.questions[2]!.id]);
    expect(items.every((i) => i.dueAt.getTime() <= Date.now() && i.rightCount === 0 && i.lessonId === 7)).toBe(true);
  });

  it('finishes an attempt from before the bank with the seed questions, in the file order', async () => {
    const member = await f.join('Legacy');
    const legacy = await f.prisma.quizAttempt.create({ data: { memberId: member.memberId, lessonId: 7 } });
    const state = await f.services.quiz.start(member, 7);
    expect(state.attempt.id).toBe(legacy.id);
    expect(state.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(optionsShown(state.attempt, state.questions[0]!)).toEqual(state.questions[0]!.options);
    const { last } = await play(member, [true, true, true]);
    expect(last.stats.first).toMatchObject({ score: 3, total: 3 });
  });
});

describe('quiz statistics for the class', () => {
  it("gives instructors each member's first attempt score and attempt count, and refuses students", async () => {
    const teacher = await f.join('Stats Teacher', { role: 'instructor', classroom: 'stats' });
    const mina = await f.join('Stats Mina', { classroom: 'stats' });
    const joon = await f.join('Stats Joon', { classroom: 'stats' });
    const playIn = async (member: MemberRef, plan: boolean[]) => {
      const state: QuizState = await f.services.quiz.start(member, 7);
      for (const [i, ok] of plan.entries())
        await f.services.quiz.answer(member, state.attempt.id, state.questions[i]!.id, ok ? right(state.questions[i]!) : wrong(state.questions[i]!));
    };
    await playIn(mina, [true, false, false, false, false]);
    await playIn(mina, [true, true, true, true, true]);
    await playIn(joon, [true, true]);
    const stats = await f.services.quiz.classStats(teacher, 7);
    expect(stats.get(mina.memberId)).toMatchObject({ attempts: 2, first: { score: 1, total: 5 }, best: { score: 5 } });
    expect(stats.get(joon.memberId)).toMatchObject({ attempts: 1, first: null, best: null });
    expect(stats.has(teacher.memberId)).toBe(false);
    expect(await userErrorCode(() => f.services.quiz.classStats(mina, 7))).toBe('instructor-only');
  });
});
