// The database's side of the quiz: every answer Slack saw acknowledged must be stored exactly once,
// and each attempt's score must be the count of its correct answers (nothing scored twice).
import type { PrismaClient } from '../../../src/generated/prisma/client.ts';
import type { AnswerRecord } from './measurements.ts';
import { isRefusal } from './replies.ts';

export interface ScoringCheck {
  /** Questions with at least one acknowledged click. */
  acknowledged: number;
  /** Of those, stored exactly once. */
  scored: number;
  /** Acknowledged, never refused, yet not stored: lost. */
  lost: number;
  /** Refused ("try again", "wasn't recorded") and not stored afterwards: the member knows. */
  refusedNotStored: number;
  /** Told it wasn't recorded (a refusal) although a row exists from that very click or before. */
  refusedButStored: number;
  /** Attempts whose score differs from their correct answers. */
  badScores: number;
  storedRows: number;
}

export async function checkScoring(prisma: PrismaClient, answers: AnswerRecord[], quizQuestionIds: string[]): Promise<ScoringCheck> {
  const rows = await prisma.quizAnswer.findMany({ include: { attempt: { include: { member: true } } } });
  const stored = new Map<string, number>();
  for (const row of rows) {
    // The question's place in its attempt (each draws its own); attempts from before the bank asked the ids in order.
    const asked = row.attempt.questionIds.length ? row.attempt.questionIds : quizQuestionIds;
    const n = asked.indexOf(row.questionId) + 1;
    const key = `${row.attempt.member.platformUserId}#${n}`;
    stored.set(key, (stored.get(key) ?? 0) + 1);
  }
  const check: ScoringCheck = { acknowledged: 0, scored: 0, lost: 0, refusedNotStored: 0, refusedButStored: 0, badScores: 0, storedRows: rows.length };
  for (const answer of answers) {
    if (!answer.acknowledged) continue;
    check.acknowledged += 1;
    const count = stored.get(`${answer.student}#${answer.questionNumber}`) ?? 0;
    const refused = answer.told.some(isRefusal);
    if (count === 1) check.scored += 1;
    if (count === 0 && !refused) check.lost += 1;
    if (count === 0 && refused) check.refusedNotStored += 1;
    // A refusal followed by "already answered" means the refused click had been recorded.
    if (count > 0 && refused && answer.told.indexOf('already-answered') > answer.told.findIndex(isRefusal)) check.refusedButStored += 1;
  }
  const attempts = await prisma.quizAttempt.findMany({ include: { answers: true } });
  check.badScores = attempts.filter((a) => a.score !== a.answers.filter((x) => x.correct).length).length;
  return check;
}
