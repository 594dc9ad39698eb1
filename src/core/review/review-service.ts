// /review: the quiz questions a member missed come back until each is answered right twice on
// different days. A simple spaced schedule: a right answer counts one and makes the question due a
// day later (so two rights are always on different days); a wrong one starts the count again and
// makes it due now, behind the other due questions. Misses are put here by the quiz's own answer
// write; every answer here is one conditional update on the item's round, so a double click or an
// old button answers once.
import { userError } from '../errors.ts';
import type { Lesson, LessonCatalog, QuizOption, QuizQuestion } from '../lessons/content.ts';
import { requireLesson } from '../lessons/lookup.ts';
import type { ClassroomStore, MemberRef, ReviewItemRecord, ReviewSchedule } from '../ports.ts';
import { shownOptions } from '../quiz/shuffle.ts';

/** Right answers (on different days) that take a question off the review list. */
export const RIGHTS_TO_FINISH = 2;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function nextSchedule(item: Pick<ReviewItemRecord, 'rightCount'>, correct: boolean, now: Date): ReviewSchedule {
  if (!correct) return { rightCount: 0, dueAt: now, doneAt: null };
  const rightCount = item.rightCount + 1;
  return { rightCount, dueAt: new Date(now.getTime() + DAY_MS), doneAt: rightCount >= RIGHTS_TO_FINISH ? now : null };
}

export interface ReviewQuestion {
  item: ReviewItemRecord;
  question: QuizQuestion;
  /** The options in the order this showing displays them. */
  shown: QuizOption[];
}

/** What /review has for the member now. */
export type ReviewNext =
  | ({ kind: 'question'; lesson: Lesson; due: number; left: number } & ReviewQuestion)
  | { kind: 'never-took'; lesson: Lesson }
  | { kind: 'nothing-missed'; lesson: Lesson }
  | { kind: 'later'; lesson: Lesson; nextDueAt: Date; left: number }
  | { kind: 'all-done'; lesson: Lesson; done: number };

export interface ReviewAnswer extends ReviewQuestion {
  /** "already": this showing was answered before (a double click); nothing changed. */
  status: 'recorded' | 'already';
  choice: QuizOption | null;
  correct: boolean;
  next: ReviewNext;
}

/** The options of one showing of an item: seeded by the item and its round, so they survive a restart. */
export function reviewOptions(item: Pick<ReviewItemRecord, 'id' | 'round'>, question: QuizQuestion): QuizOption[] {
  return shownOptions(question, `review ${item.id} round ${item.round}`);
}

export class ReviewService {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
    /** The clock the schedule runs on (tests move it a day on). */
    readonly now: () => Date = () => new Date(),
  ) {}

  async next(member: MemberRef, lessonId: unknown): Promise<ReviewNext> {
    const lesson = requireLesson(this.catalog, lessonId);
    const items = (await this.store.review.listItems(member.memberId, lesson.id)).filter((i) => questionOf(lesson, i));
    const open = items.filter((i) => !i.doneAt);
    const now = this.now();
    const due = open.filter((i) => i.dueAt.getTime() <= now.getTime());
    const first = due[0];
    if (first) return { kind: 'question', lesson, due: due.length, left: open.length, ...showing(lesson, first) };
    const later = open[0];
    if (later) return { kind: 'later', lesson, nextDueAt: later.dueAt, left: open.length };
    if (items.length) return { kind: 'all-done', lesson, done: items.length };
    const attempts = await this.store.quiz.listAttempts([member.memberId], lesson.id);
    return attempts.length ? { kind: 'nothing-missed', lesson } : { kind: 'never-took', lesson };
  }

  async answer(member: MemberRef, itemId: number, round: number, optionId: string): Promise<ReviewAnswer> {
    const item = Number.isInteger(itemId) ? await this.store.review.findItem(itemId) : null;
    if (!item || item.memberId !== member.memberId) throw staleReview();
    const lesson = requireLesson(this.catalog, item.lessonId);
    const question = questionOf(lesson, item);
    if (!question) throw staleReview();
    const shownThen = reviewOptions({ id: item.id, round }, question);
    const choice = shownThen.find((o) => o.id === optionId) ?? null;
    if (!choice) throw staleReview();
    const correct = choice.id === question.answer;
    const now = this.now();
    const recorded = item.round === round && !item.doneAt && (await this.store.review.answer(item.id, round, nextSchedule(item, correct, now), now));
    const after = recorded ? ((await this.store.review.findItem(item.id)) ?? item) : item;
    return {
      status: recorded ? 'recorded' : 'already',
      item: after,
      question,
      shown: shownThen,
      choice: recorded ? choice : null,
      correct: recorded && correct,
      next: await this.next(member, lesson.id),
    };
  }
}

function questionOf(lesson: Lesson, item: ReviewItemRecord): QuizQuestion | undefined {
  return lesson.quiz.find((q) => q.id === item.questionId);
}

function showing(lesson: Lesson, item: ReviewItemRecord): ReviewQuestion {
  const question = questionOf(lesson, item)!;
  return { item, question, shown: reviewOptions(item, question) };
}

function staleReview() {
  return userError(
    'review-stale',
    '이 복습 버튼은 더 이상 쓸 수 없어요. /review 로 다시 시작해 주세요.',
    'This review button no longer works. Start again with /review.',
  );
}
