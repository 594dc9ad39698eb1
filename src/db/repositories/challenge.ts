import type { ChallengeAnswerRecord, ChallengeRepository } from '../../core/ports.ts';
import type { ChallengeAnswer, PrismaClient } from '../../generated/prisma/client.ts';

export class PrismaChallengeRepository implements ChallengeRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async record(answer: Omit<ChallengeAnswerRecord, 'answeredAt'>): Promise<ChallengeAnswerRecord> {
    return toRecord(await this.prisma.challengeAnswer.create({ data: answer }));
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
}

function toRecord(row: ChallengeAnswer): ChallengeAnswerRecord {
  return {
    memberId: row.memberId,
    lessonId: row.lessonId,
    step: row.step,
    text: row.text,
    correct: row.correct,
    verdict: row.verdict,
    answeredAt: row.answeredAt,
  };
}
