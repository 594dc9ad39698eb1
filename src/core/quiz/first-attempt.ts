// A member's first attempt is the one started first (ties by id): unlimited retakes reveal the
// answers, so the first attempt is what the member knew, and the best one drifts to full marks.
import type { ChallengeAnswerRecord, QuizAttemptRecord } from '../ports.ts';

/** Attempts in the order they were started. */
export function inStartOrder<T extends Pick<QuizAttemptRecord, 'id' | 'startedAt'>>(attempts: readonly T[]): T[] {
  return [...attempts].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id - b.id);
}

/** Each member's first attempt at one lesson, keyed by member id. */
export function firstAttempts<T extends Pick<QuizAttemptRecord, 'id' | 'startedAt' | 'memberId' | 'lessonId'>>(
  attempts: readonly T[],
  lessonId: number,
): Map<number, T> {
  const first = new Map<number, T>();
  for (const attempt of inStartOrder(attempts.filter((a) => a.lessonId === lessonId))) {
    if (!first.has(attempt.memberId)) first.set(attempt.memberId, attempt);
  }
  return first;
}

/** Challenge steps whose first answer was already right. */
export function stepsSolvedFirstTry(answers: readonly ChallengeAnswerRecord[]): Set<number> {
  const firstByStep = new Map<number, ChallengeAnswerRecord>();
  for (const answer of [...answers].sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime())) {
    if (!firstByStep.has(answer.step)) firstByStep.set(answer.step, answer);
  }
  return new Set([...firstByStep.values()].filter((a) => a.correct).map((a) => a.step));
}
