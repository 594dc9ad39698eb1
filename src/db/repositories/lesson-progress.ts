import type { LessonProgressRecord, LessonProgressRepository } from '../../core/ports.ts';
import type { LessonProgress, PrismaClient } from '../../generated/prisma/client.ts';
import { findOrCreate } from './unique.ts';

export class PrismaLessonProgressRepository implements LessonProgressRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async find(memberId: number, lessonId: number): Promise<LessonProgressRecord | null> {
    const row = await this.prisma.lessonProgress.findUnique({ where: { memberId_lessonId: { memberId, lessonId } } });
    return row && toRecord(row);
  }

  async recordView(
    memberId: number,
    lessonId: number,
    section: number,
    { move = true }: { move?: boolean } = {},
  ): Promise<{ progress: LessonProgressRecord; newlySeen: boolean }> {
    const key = { memberId, lessonId };
    const position = move ? { position: section } : {};
    await findOrCreate(
      () => this.prisma.lessonProgress.findUnique({ where: { memberId_lessonId: key } }),
      () => this.prisma.lessonProgress.create({ data: key }),
    );
    // The "not yet seen" condition sits in the UPDATE itself: Postgres re-checks it on the row it
    // locks, so two views of the same section at once add it once.
    const added = await this.prisma.lessonProgress.updateMany({
      where: { ...key, NOT: { sectionsSeen: { has: section } } },
      data: { sectionsSeen: { push: section }, ...position },
    });
    const row =
      added.count > 0 || !move
        ? await this.prisma.lessonProgress.findUniqueOrThrow({ where: { memberId_lessonId: key } })
        : await this.prisma.lessonProgress.update({ where: { memberId_lessonId: key }, data: position });
    return { progress: toRecord(row), newlySeen: added.count > 0 };
  }

  async markCompleted(memberId: number, lessonId: number): Promise<void> {
    await this.prisma.lessonProgress.updateMany({ where: { memberId, lessonId, completedAt: null }, data: { completedAt: new Date() } });
  }

  async listForMembers(memberIds: number[]): Promise<LessonProgressRecord[]> {
    return (await this.prisma.lessonProgress.findMany({ where: { memberId: { in: memberIds } } })).map(toRecord);
  }
}

function toRecord(row: LessonProgress): LessonProgressRecord {
  return {
    memberId: row.memberId,
    lessonId: row.lessonId,
    position: row.position,
    sectionsSeen: row.sectionsSeen,
    completedAt: row.completedAt,
    updatedAt: row.updatedAt,
  };
}
