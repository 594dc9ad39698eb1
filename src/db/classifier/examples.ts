// Labelled examples: data-set photos and members' corrections, by image sha256.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { retryOnUniqueRace } from './unique-race.ts';
import type { ExampleStore, LabelledImage } from '../../classifier/ports.ts';

export type { LabelledImage };

export class ExampleRepository implements ExampleStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** A member's answer to a prediction; answering again changes the label instead of adding a row. */
  async correct(predictionId: number, memberId: number | null, imageSha256: string, label: string): Promise<void> {
    if (memberId === null) {
      // Without a member the unique key can't hold (nulls are distinct), so keep one row per prediction by hand.
      await this.prisma.$transaction(async (tx) => {
        await tx.labelledExample.deleteMany({ where: { predictionId, memberId: null } });
        await tx.labelledExample.create({ data: { predictionId, imageSha256, label, source: 'correction' } });
      });
      return;
    }
    await retryOnUniqueRace(() =>
      this.prisma.labelledExample.upsert({
        where: { predictionId_memberId: { predictionId, memberId } },
        create: { predictionId, memberId, imageSha256, label, source: 'correction' },
        update: { label, createdAt: new Date() },
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
   * One label per image for training: a member's latest correction overrides the data set
   * (Food-101's train labels are noisy), and images whose label isn't in `labels` are left out.
   */
  async forTraining(labels: string[]): Promise<LabelledImage[]> {
    const rows = await this.prisma.labelledExample.findMany({
      where: { label: { in: labels } },
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

  async countCorrections(): Promise<number> {
    return this.prisma.labelledExample.count({ where: { source: 'correction' } });
  }
}
