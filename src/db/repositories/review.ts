import type { ReviewItemRecord, ReviewRepository, ReviewSchedule } from '../../core/ports.ts';
import type { PrismaClient, ReviewItem } from '../../generated/prisma/client.ts';

// Items are created by the quiz's own answer write (a miss, src/db/repositories/quiz.ts), so this
// repository only reads them and moves them on.
export class PrismaReviewRepository implements ReviewRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async listItems(memberId: number, lessonId: number): Promise<ReviewItemRecord[]> {
    const rows = await this.prisma.reviewItem.findMany({ where: { memberId, lessonId }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toItem);
  }

  async listForMembers(memberIds: number[]): Promise<ReviewItemRecord[]> {
    const rows = await this.prisma.reviewItem.findMany({ where: { memberId: { in: memberIds } }, orderBy: { id: 'asc' } });
    return rows.map(toItem);
  }

  async findItem(itemId: number): Promise<ReviewItemRecord | null> {
    const row = await this.prisma.reviewItem.findUnique({ where: { id: itemId } });
    return row && toItem(row);
  }

  async answer(itemId: number, round: number, next: ReviewSchedule, at: Date): Promise<boolean> {
    // One conditional update, no transaction: of two clicks on the same button, the first moves the
    // round on and the second matches no row.
    const { count } = await this.prisma.reviewItem.updateMany({
      where: { id: itemId, round },
      data: { ...next, round: { increment: 1 }, lastAnswerAt: at },
    });
    return count === 1;
  }
}

function toItem(row: ReviewItem): ReviewItemRecord {
  return {
    id: row.id,
    memberId: row.memberId,
    lessonId: row.lessonId,
    questionId: row.questionId,
    rightCount: row.rightCount,
    dueAt: row.dueAt,
    doneAt: row.doneAt,
    round: row.round,
    lastAnswerAt: row.lastAnswerAt,
    createdAt: row.createdAt,
  };
}
