// /review on the real Postgres: missed questions come back until answered right twice on different
// days. The clock is the service's own, moved on by hand, so "a day later" needs no waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuizQuestion } from '../../src/core/lessons/content.ts';
import type { MemberRef } from '../../src/core/ports.ts';
import { DAY_MS, ReviewService, type ReviewNext } from '../../src/core/review/review-service.ts';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
let offset = 0;
let review: ReviewService;
beforeAll(async () => {
  f = await createCoreFixture();
  review = new ReviewService(f.catalog, f.store, () => new Date(Date.now() + offset));
});
afterAll(async () => {
  await f?.db.drop();
});

const right = (q: QuizQuestion) => q.answer;
const wrong = (q: QuizQuestion) => q.options.find((o) => o.id !== q.answer)!.id;

/** Takes the quiz, missing the first `misses` questions; returns the missed question ids. */
async function quizMissing(member: MemberRef, misses: number): Promise<string[]> {
  const state = await f.services.quiz.start(member, 7);
  for (const [i, q] of state.questions.entries()) await f.services.quiz.answer(member, state.attempt.id, q.id, i < misses ? wrong(q) : right(q));
  return state.questions.slice(0, misses).map((q) => q.id);
}

function question(next: ReviewNext) {
  if (next.kind !== 'question') throw new Error(`expected a question, got ${next.kind}`);
  return next;
}

describe('review', () => {
  it('tells a member who never took the quiz to take it first, and one who missed nothing that there is nothing to review', async () => {
    const newcomer = await f.join('Newcomer');
    expect((await review.next(newcomer, 7)).kind).toBe('never-took');
    const ace = await f.join('Ace');
    await quizMissing(ace, 0);
    expect((await review.next(ace, 7)).kind).toBe('nothing-missed');
    expect(await userErrorCode(() => review.next(ace, 99))).toBe('unknown-lesson');
  });

  it('asks each missed question until it is right twice on different days; a miss starts its count again', async () => {
    const member = await f.join('Reviewer');
    const missed = await quizMissing(member, 2);
    const first = question(await review.next(member, 7));
    expect(first).toMatchObject({ due: 2, left: 2 });
    expect(missed).toContain(first.question.id);

    // Wrong: due again now, behind the other due question.
    const wrongOnce = await review.answer(member, first.item.id, first.item.round, wrong(first.question));
    expect(wrongOnce).toMatchObject({ status: 'recorded', correct: false, item: { rightCount: 0 } });
    const second = question(wrongOnce.next);
    expect(second.question.id).not.toBe(first.question.id);

    // Right on both: each counts one and is due a day later; nothing is due today any more.
    const a = await review.answer(member, second.item.id, second.item.round, right(second.question));
    const back = question(a.next);
    expect(back.question.id).toBe(first.question.id);
    const b = await review.answer(member, back.item.id, back.item.round, right(back.question));
    expect(b.item).toMatchObject({ rightCount: 1, doneAt: null });
    expect(b.item.dueAt.getTime()).toBe(b.item.lastAnswerAt!.getTime() + DAY_MS);
    expect(b.next).toMatchObject({ kind: 'later', left: 2 });
    if (b.next.kind === 'later') expect(b.next.nextDueAt.getTime()).toBe(a.item.dueAt.getTime());

    // The next day: right again, and each is done.
    offset += DAY_MS;
    for (let i = 0; i < 2; i++) {
      const due = question(await review.next(member, 7));
      const done = await review.answer(member, due.item.id, due.item.round, right(due.question));
      expect(done.item.rightCount).toBe(2);
      expect(done.item.doneAt).toBeInstanceOf(Date);
    }
    expect(await review.next(member, 7)).toMatchObject({ kind: 'all-done', done: 2 });

    // Missing it again in a retake puts it back, its count started again.
    await f.prisma.reviewItem.updateMany({ where: { memberId: member.memberId }, data: { dueAt: new Date(Date.now() - DAY_MS) } });
    const retake = await f.services.quiz.start(member, 7);
    const q = retake.questions[0]!;
    await f.services.quiz.answer(member, retake.attempt.id, q.id, wrong(q));
    const item = await f.prisma.reviewItem.findUniqueOrThrow({
      where: { memberId_lessonId_questionId: { memberId: member.memberId, lessonId: 7, questionId: q.id } },
    });
    expect(item).toMatchObject({ rightCount: 0, doneAt: null });
  });

  it('answers once when a review button is clicked twice, or twice at once, and keeps the options the member saw', async () => {
    const member = await f.join('Double reviewer');
    await quizMissing(member, 1);
    const shown = question(await review.next(member, 7));
    const clicks = await Promise.all([1, 2, 3].map(() => review.answer(member, shown.item.id, shown.item.round, right(shown.question))));
    expect(clicks.map((c) => c.status).sort()).toEqual(['already', 'already', 'recorded']);
    expect(clicks.find((c) => c.status === 'recorded')!.shown.map((o) => o.id)).toEqual(shown.shown.map((o) => o.id));
    const row = await f.prisma.reviewItem.findUniqueOrThrow({ where: { id: shown.item.id } });
    expect(row).toMatchObject({ rightCount: 1, round: shown.item.round + 1 });
    const late = await review.answer(member, shown.item.id, shown.item.round, wrong(shown.question));
    expect(late.status).toBe('already');
    expect((await f.prisma.reviewItem.findUniqueOrThrow({ where: { id: shown.item.id } })).rightCount).toBe(1);
  });

  it("refuses another member's review item and a made-up one", async () => {
    const owner = await f.join('Item owner');
    const other = await f.join('Item other');
    await quizMissing(owner, 1);
    const shown = question(await review.next(owner, 7));
    expect(await userErrorCode(() => review.answer(other, shown.item.id, shown.item.round, right(shown.question)))).toBe('review-stale');
    expect(await userErrorCode(() => review.answer(owner, 987654, 0, 'a'))).toBe('review-stale');
    expect(await userErrorCode(() => review.answer(owner, shown.item.id, shown.item.round, 'zz'))).toBe('review-stale');
  });
});
