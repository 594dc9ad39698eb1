// The review queue of members' corrections: a class's instructors approve or reject each one.
// A decision is one conditional update on a pending row, so a double click or two instructors
// deciding at once record exactly one decision; the others learn who made it.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { LabelProbability } from '../../classifier/types.ts';
import type { CorrectionStore, Decision, DecisionResult, QueuedCorrection } from '../../classifier/ports.ts';

export type { Decision, DecisionResult, QueuedCorrection };

export class CorrectionRepository implements CorrectionStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** A class's pending corrections, oldest first, and how many there are in all. */
  async pending(classroomId: number, take: number): Promise<{ total: number; items: QueuedCorrection[] }> {
    const where = { classroomId, source: 'correction' as const, review: 'pending' as const };
    const [total, rows] = await Promise.all([
      this.prisma.labelledExample.count({ where }),
      this.prisma.labelledExample.findMany({ where, orderBy: { id: 'asc' }, take }),
    ]);
    const predictionIds = rows.flatMap((row) => (row.predictionId === null ? [] : [row.predictionId]));
    const memberIds = rows.flatMap((row) => (row.memberId === null ? [] : [row.memberId]));
    const [predictions, members] = await Promise.all([
      this.prisma.prediction.findMany({
        where: { id: { in: predictionIds } },
        select: { id: true, topClasses: true, modelVersion: { select: { version: true } } },
      }),
      this.prisma.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, displayName: true } }),
    ]);
    const prediction = new Map(predictions.map((p) => [p.id, p]));
    const name = new Map(members.map((m) => [m.id, m.displayName]));
    const items = rows.map((row) => {
      const p = row.predictionId === null ? undefined : prediction.get(row.predictionId);
      return {
        id: row.id,
        predictionId: row.predictionId,
        imageSha256: row.imageSha256,
        label: row.label,
        memberId: row.memberId,
        memberName: row.memberId === null ? null : (name.get(row.memberId) ?? null),
        predicted: (p?.topClasses as unknown as LabelProbability[] | undefined) ?? [],
        modelVersion: p?.modelVersion.version ?? null,
        thumbnail: row.thumbnail ? new Uint8Array(row.thumbnail) : null,
        createdAt: row.createdAt,
      };
    });
    return { total, items };
  }

  /** Records one decision on a pending correction of `classroomId`; the thumbnail goes once decided. */
  async decide(id: number, classroomId: number, decision: Decision, reviewer: string): Promise<DecisionResult> {
    const updated = await this.prisma.labelledExample.updateMany({
      where: { id, classroomId, source: 'correction', review: 'pending' },
      data: { review: decision, reviewedBy: reviewer, reviewedAt: new Date(), thumbnail: null },
    });
    const row = await this.prisma.labelledExample.findFirst({
      where: { id, classroomId, source: 'correction' },
      select: { label: true, review: true, reviewedBy: true },
    });
    if (!row || row.review === null || row.review === 'pending') return { outcome: 'not-found' };
    if (updated.count === 1) return { outcome: 'decided', decision, label: row.label };
    return { outcome: 'already', decision: row.review, by: row.reviewedBy };
  }
}
