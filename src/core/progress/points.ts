// The points rules, in one place. The ledger keeps one row per member and reason, so every award
// below is idempotent: a retried click or a second view can never pay twice.
import type { PointAward } from '../ports.ts';

export const POINTS = {
  sectionSeen: 1,
  quizCorrect: 10,
  challengeStep: 10,
} as const;

export function sectionSeenAward(lessonId: number, section: number): PointAward {
  return { reason: `lesson:${lessonId}:section:${section}`, points: POINTS.sectionSeen };
}

/**
 * The best attempt counts: the n-th correct answer of any attempt pays "quiz:L:correct:n" once, so
 * the quiz's total is 10 x the best number of correct answers reached in a single attempt.
 */
export function quizAwards(lessonId: number, correctInAttempt: number): PointAward[] {
  return Array.from({ length: correctInAttempt }, (_, i) => ({
    reason: `lesson:${lessonId}:quiz:correct:${i + 1}`,
    points: POINTS.quizCorrect,
  }));
}

export function challengeStepAward(lessonId: number, step: number): PointAward {
  return { reason: `lesson:${lessonId}:challenge:step:${step}`, points: POINTS.challengeStep };
}

export function sumPoints(awards: readonly PointAward[]): number {
  return awards.reduce((total, award) => total + award.points, 0);
}
