// Every answer the classifier gave, with the model version that gave it.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { LabelProbability } from '../../classifier/types.ts';
import type { PredictionStore, StoredPrediction, NewPrediction } from '../../classifier/ports.ts';

export type { StoredPrediction, NewPrediction };

export class PredictionRepository implements PredictionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async add(entry: NewPrediction): Promise<number> {
    const row = await this.prisma.prediction.create({
      data: {
        memberId: entry.memberId ?? null,
        classroomId: entry.classroomId ?? null,
        modelVersionId: entry.modelVersionId,
        imageSha256: entry.imageSha256,
        topClasses: entry.classes as unknown as object[],
        notSure: entry.notSure,
        ...(entry.explanation === undefined ? {} : { explanation: entry.explanation as object }),
      },
      select: { id: true },
    });
    return row.id;
  }

  async find(id: number): Promise<StoredPrediction | undefined> {
    const row = await this.prisma.prediction.findUnique({
      where: { id },
      include: { modelVersion: { select: { version: true, backbone: { select: { name: true } } } } },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      memberId: row.memberId,
      classroomId: row.classroomId,
      modelVersion: row.modelVersion.version,
      backbone: row.modelVersion.backbone.name,
      imageSha256: row.imageSha256,
      classes: row.topClasses as unknown as LabelProbability[],
      notSure: row.notSure,
      explanation: row.explanation,
      createdAt: row.createdAt,
    };
  }

  async saveExplanation(id: number, explanation: unknown): Promise<void> {
    await this.prisma.prediction.update({ where: { id }, data: { explanation: explanation as object } });
  }

  async count(): Promise<number> {
    return this.prisma.prediction.count();
  }
}
