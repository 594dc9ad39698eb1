import type {
  ChallengeAnswerRecord,
  ChallengeOverrideRecord,
  ChallengeRepository,
  NewChallengeAnswer,
  OverrideRequest,
  OverrideResult,
} from '../../core/ports.ts';
import type { ChallengeAnswer, ChallengeOverride, PrismaClient } from '../../generated/prisma/client.ts';

export class PrismaChallengeRepository implements ChallengeRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async record(answer: NewChallengeAnswer): Promise<ChallengeAnswerRecord> {
    return toRecord(await this.prisma.challengeAnswer.create({ data: { ...answer, gradedCorrect: answer.correct } }));
  }

  async solvedSteps(memberId: number, lessonId: number): Promise<number[]> {
    const rows = await this.prisma.challengeAnswer.findMany({
      where: { memberId, lessonId, correct: true },
      distinct: ['step'],
      select: { step: true },
      orderBy: { step: 'asc' },
    });
    return rows.map((r) => r.step);
  }

  wrongAnswers(memberId: number, lessonId: number, step: number): Promise<number> {
    return this.prisma.challengeAnswer.count({ where: { memberId, lessonId, step, correct: false } });
  }

  async listForMembers(memberIds: number[]): Promise<ChallengeAnswerRecord[]> {
    const rows = await this.prisma.challengeAnswer.findMany({ where: { memberId: { in: memberIds } }, orderBy: { id: 'asc' } });
    return rows.map(toRecord);
  }

  async find(answerId: number): Promise<ChallengeAnswerRecord | null> {
    const row = await this.prisma.challengeAnswer.findUnique({ where: { id: answerId } });
    return row ? toRecord(row) : null;
  }

  async override(request: OverrideRequest): Promise<OverrideResult> {
    return this.prisma.$transaction(async (tx) => {
      // The row lock orders two instructors overriding one answer: the second reads the first's result.
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "ChallengeAnswer" WHERE "id" = ${request.answerId} FOR UPDATE`;
      if (locked.length === 0) return { outcome: 'gone' as const };
      const before = await tx.challengeAnswer.findUniqueOrThrow({ where: { id: request.answerId } });
      if (before.correct === request.correct && before.overrideNote === request.note) {
        return { outcome: 'unchanged' as const, answer: toRecord(before) };
      }
      const after = await tx.challengeAnswer.update({
        where: { id: request.answerId },
        data: { correct: request.correct, overrideNote: request.note },
      });
      const log = await tx.challengeOverride.create({
        data: {
          answerId: request.answerId,
          byMemberId: request.byMemberId,
          byName: request.byName,
          beforeCorrect: before.correct,
          afterCorrect: request.correct,
          note: request.note,
        },
      });
      const { memberId, lessonId, step } = after;
      const { reason, points } = request.award;
      let pointsDelta = 0;
      if (request.correct) {
        const paid = await tx.pointEntry.createMany({ data: [{ memberId, reason, points }], skipDuplicates: true });
        pointsDelta = paid.count * points;
      } else if (before.correct) {
        // Another answer to the step that still counts keeps the step solved, and its points.
        const stillSolved = await tx.challengeAnswer.count({ where: { memberId, lessonId, step, correct: true } });
        if (stillSolved === 0) {
          const taken = await tx.pointEntry.deleteMany({ where: { memberId, reason } });
          pointsDelta = -taken.count * points;
        }
      }
      return { outcome: 'changed' as const, answer: toRecord(after), override: toOverride(log), pointsDelta };
    });
  }

  async overridesOf(answerIds: number[]): Promise<ChallengeOverrideRecord[]> {
    if (answerIds.length === 0) return [];
    const rows = await this.prisma.challengeOverride.findMany({ where: { answerId: { in: answerIds } }, orderBy: { id: 'asc' } });
    return rows.map(toOverride);
  }
}

function toRecord(row: ChallengeAnswer): ChallengeAnswerRecord {
  return {
    id: row.id,
    memberId: row.memberId,
    lessonId: row.lessonId,
    step: row.step,
    text: row.text,
    correct: row.correct,
    verdict: row.verdict,
    gradedCorrect: row.gradedCorrect,
    overrideNote: row.overrideNote,
    answeredAt: row.answeredAt,
  };
}

function toOverride(row: ChallengeOverride): ChallengeOverrideRecord {
  return {
    id: row.id,
    answerId: row.answerId,
    byMemberId: row.byMemberId,
    byName: row.byName,
    beforeCorrect: row.beforeCorrect,
    afterCorrect: row.afterCorrect,
    note: row.note,
    createdAt: row.createdAt,
  };
}
