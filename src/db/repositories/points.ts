import type { PointAward, PointEntryRecord, PointsRepository } from '../../core/ports.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { isUniqueViolation } from './unique.ts';

export class PrismaPointsRepository implements PointsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async award(memberId: number, awards: PointAward[]): Promise<PointAward[]> {
    if (awards.length === 0) return [];
    const have = await this.prisma.pointEntry.findMany({
      where: { memberId, reason: { in: awards.map((a) => a.reason) } },
      select: { reason: true },
    });
    const paid = new Set(have.map((h) => h.reason));
    const fresh: PointAward[] = [];
    for (const award of awards.filter((a) => !paid.has(a.reason))) {
      // The unique (member, reason) decides races: whoever inserts second simply didn't earn it.
      try {
        await this.prisma.pointEntry.create({ data: { memberId, reason: award.reason, points: award.points } });
        fresh.push(award);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return fresh;
  }

  async listForMembers(memberIds: number[]): Promise<PointEntryRecord[]> {
    const rows = await this.prisma.pointEntry.findMany({ where: { memberId: { in: memberIds } }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ memberId: r.memberId, reason: r.reason, points: r.points, awardedAt: r.awardedAt }));
  }
}
