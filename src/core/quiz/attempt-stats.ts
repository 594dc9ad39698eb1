// What a member's attempts at one lesson's quiz add up to: the first attempt's score (kept apart,
// since retakes draw other questions and only the first shows what the member knew on arrival),
// the best one and how many attempts there were. Pure, so the quiz, /progress and the instructors'
// analytics all count the same way.
import type { Lesson, QuizQuestion } from '../lessons/content.ts';
import type { QuizAttemptRecord } from '../ports.ts';

export interface AttemptScore {
  attemptId: number;
  score: number;
  /** Questions the attempt asked. */
  total: number;
  finishedAt: Date;
}

export interface MemberQuizStats {
  memberId: number;
  lessonId: number;
  /** Every attempt started, the open one included. */
  attempts: number;
  /** The member's first attempt, once finished; null while it is still open. */
  first: AttemptScore | null;
  /** The finished attempt with the most right answers (the earliest of equals); null before any. */
  best: AttemptScore | null;
}

/** The questions an attempt asks, in order. Attempts from before the bank asked the seed questions. */
export function attemptQuestions(lesson: Lesson, attempt: Pick<QuizAttemptRecord, 'questionIds'>): QuizQuestion[] {
  if (attempt.questionIds.length === 0) return lesson.quiz.filter((q) => q.seed !== false);
  return attempt.questionIds.flatMap((id) => lesson.quiz.filter((q) => q.id === id));
}

function scoreOf(lesson: Lesson, attempt: QuizAttemptRecord): AttemptScore | null {
  if (!attempt.finishedAt) return null;
  return { attemptId: attempt.id, score: attempt.score, total: attemptQuestions(lesson, attempt).length, finishedAt: attempt.finishedAt };
}

/** One member's attempts at `lesson` (others in the list are ignored). */
export function memberQuizStats(lesson: Lesson, memberId: number, attempts: readonly QuizAttemptRecord[]): MemberQuizStats {
  const mine = attempts.filter((a) => a.memberId === memberId && a.lessonId === lesson.id).sort((a, b) => a.id - b.id);
  const finished = mine.flatMap((a) => scoreOf(lesson, a) ?? []);
  const best = finished.reduce<AttemptScore | null>((top, a) => (!top || a.score > top.score ? a : top), null);
  const first = mine[0] ? scoreOf(lesson, mine[0]) : null;
  return { memberId, lessonId: lesson.id, attempts: mine.length, first, best };
}

/**
 * First attempt score, best score and attempt count per member, for every member with an attempt
 * at `lesson` in `attempts` (e.g. `store.quiz.listAttempts(memberIds, lesson.id)`).
 */
export function quizStatsByMember(lesson: Lesson, attempts: readonly QuizAttemptRecord[]): Map<number, MemberQuizStats> {
  const ids = [...new Set(attempts.filter((a) => a.lessonId === lesson.id).map((a) => a.memberId))];
  return new Map(ids.map((id) => [id, memberQuizStats(lesson, id, attempts)]));
}
