// Labelled examples: data-set photos (shared by every class) and members' corrections (their
// class's, and trained on only once an instructor approved them), by image sha256.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { retryOnUniqueRace } from './unique-race.ts';
import type { ExampleStore, LabelledImage } from '../../classifier/ports.ts';

export type { LabelledImage };

export class ExampleRepository implements ExampleStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * A member's answer to a prediction, pending review; answering again changes the label instead of
   * adding a row, and sends it back to the review queue (what was approved was the other label).
   */
  async correct(correction: {
    predictionId: number;
    memberId: number | null;
    classroomId: number | null;
    imageSha256: string;
    label: string;
    thumbnail?: Uint8Array;
  }): Promise<void> {
    const { predictionId, memberId, classroomId, imageSha256, label } = correction;
    const thumbnail = correction.thumbnail ? { thumbnail: new Uint8Array(correction.thumbnail) } : {};
    const fresh = { label, review: 'pending' as const, reviewedBy: null, reviewedAt: null, ...thumbnail };
    if (memberId === null) {
      // Without a member the unique key can't hold (nulls are distinct), so keep one row per prediction by hand.
      await this.prisma.$transaction(async (tx) => {
        await tx.labelledExample.deleteMany({ where: { predictionId, memberId: null } });
        await tx.labelledExample.create({ data: { predictionId, classroomId, imageSha256, source: 'correction', ...fresh } });
      });
      return;
    }
    await retryOnUniqueRace(() =>
      this.prisma.labelledExample.upsert({
        where: { predictionId_memberId: { predictionId, memberId } },
        create: { predictionId, memberId, classroomId, imageSha256, source: 'correction', ...fresh },
        update: { ...fresh, createdAt: new Date() },
      }),
    );
  }

  /** Records data-set photos not yet known (same sha256 and label: kept once). */
  async addDataset(images: { imageSha256: string; label: string }[]): Promise<number> {
    const known = await this.prisma.labelledExample.findMany({
      where: { source: 'dataset', imageSha256: { in: images.map((image) => image.imageSha256) } },
      select: { imageSha256: true, label: true },
    });
    const seen = new Set(known.map((row) => `${row.imageSha256} ${row.label}`));
    const fresh = images.filter((image) => !seen.has(`${image.imageSha256} ${image.label}`));
    const unique = [...new Map(fresh.map((image) => [`${image.imageSha256} ${image.label}`, image])).values()];
    const result = await this.prisma.labelledExample.createMany({
      data: unique.map((image) => ({ ...image, source: 'dataset' as const })),
    });
    return result.count;
  }

  /**
   * One label per image for a class's training: its instructors' approved corrections override the
   * data set (Food-101's train labels are noisy); pending and rejected ones, and other classes',
   * never train. Images whose label isn't in `labels` are left out.
   */
  async forTraining(labels: string[], classroomId: number): Promise<LabelledImage[]> {
    const rows = await this.prisma.labelledExample.findMany({
      where: { label: { in: labels }, OR: [{ source: 'dataset' }, { source: 'correction', classroomId, review: 'approved' }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { imageSha256: true, label: true, source: true },
    });
    const byImage = new Map<string, LabelledImage>();
    for (const row of rows) {
      const current = byImage.get(row.imageSha256);
      if (current?.source === 'correction' && row.source === 'dataset') continue;
      byImage.set(row.imageSha256, row);
    }
    return [...byImage.values()];
  }

  /** A class's corrections waiting for review and approved. */
  async countCorrections(classroomId: number | undefined): Promise<{ pending: number; approved: number }> {
    const where = { source: 'correction' as const, ...(classroomId === undefined ? {} : { classroomId }) };
    const [pending, approved] = await Promise.all([
      this.prisma.labelledExample.count({ where: { ...where, review: 'pending' } }),
      this.prisma.labelledExample.count({ where: { ...where, review: 'approved' } }),
    ]);
    return { pending, approved };
  }
}
