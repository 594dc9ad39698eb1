// The model registry: every trained head is a numbered version, trained by one class (or shared,
// like the shipped head). Each class has its own active head (a ClassroomModel row); a class
// without one uses the deployment's default, the shared version marked `active`.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { HeadWeights, Metrics } from '../../classifier/types.ts';
import type { RegistryStore, StoredVersion, NewVersion } from '../../classifier/ports.ts';

export type { StoredVersion, NewVersion };

const withBackbone = { backbone: { select: { name: true } } } as const;

type Row = Awaited<ReturnType<PrismaClient['modelVersion']['findFirstOrThrow']>> & { backbone: { name: string } };

function toStored(row: Row): StoredVersion {
  return {
    id: row.id,
    version: row.version,
    backbone: row.backbone.name,
    labels: row.labels,
    weights: row.weights as unknown as HeadWeights,
    metrics: row.metrics as unknown as Metrics,
    dataFingerprint: row.dataFingerprint,
    trainedBy: row.trainedBy,
    createdAt: row.createdAt,
    classroomId: row.classroomId,
    active: row.active === true,
    comparison: row.comparison,
    discarded: row.discardedAt !== null,
  };
}

export class RegistryRepository implements RegistryStore {
  constructor(private readonly prisma: PrismaClient) {}

  // findFirst, never findUnique, on the Boolean `active`: Prisma batches concurrent findUnique
  // calls into one `where: { active: { in: [...] } }`, which a Boolean field refuses; the unique
  // index still guarantees at most one row.
  async active(): Promise<StoredVersion | undefined> {
    const row = await this.prisma.modelVersion.findFirst({ where: { active: true }, include: withBackbone });
    return row ? toStored(row) : undefined;
  }

  /** The deployment's default version (every class's starting point) without its weights. */
  async activeId(): Promise<number | undefined> {
    return (await this.prisma.modelVersion.findFirst({ where: { active: true }, select: { id: true } }))?.id;
  }

  /** The id of the head `classroomId` predicts with: its own, else the deployment's default. Cheap: no weights. */
  async activeIdFor(classroomId: number | undefined): Promise<number | undefined> {
    if (classroomId !== undefined) {
      const own = await this.prisma.classroomModel.findUnique({ where: { classroomId }, select: { modelVersionId: true } });
      if (own) return own.modelVersionId;
    }
    return this.activeId();
  }

  async activeFor(classroomId: number | undefined): Promise<StoredVersion | undefined> {
    const id = await this.activeIdFor(classroomId);
    return id === undefined ? undefined : this.byId(id);
  }

  async byVersion(version: number): Promise<StoredVersion | undefined> {
    const row = await this.prisma.modelVersion.findUnique({ where: { version }, include: withBackbone });
    return row ? toStored(row) : undefined;
  }

  async byId(id: number): Promise<StoredVersion | undefined> {
    const row = await this.prisma.modelVersion.findUnique({ where: { id }, include: withBackbone });
    return row ? toStored(row) : undefined;
  }

  /** What a class may see and activate: the shared versions and its own (all versions without a class). */
  async list(classroomId?: number): Promise<StoredVersion[]> {
    const rows = await this.prisma.modelVersion.findMany({
      ...(classroomId === undefined ? {} : { where: { OR: [{ classroomId: null }, { classroomId }] } }),
      orderBy: { version: 'asc' },
      include: withBackbone,
    });
    return rows.map(toStored);
  }

  async count(): Promise<number> {
    return this.prisma.modelVersion.count();
  }

  /**
   * Adds the next version number. Serializable, so two writers can't take the same number;
   * the loser's transaction fails and nothing half-written remains. A class's version made active
   * becomes that class's head only while `activateIfActiveIs` (the head it was compared with) still
   * is: an instructor's activation in between wins, and this one stays a candidate.
   */
  async add(
    entry: NewVersion,
    { onlyIfEmpty = false, activateIfActiveIs }: { onlyIfEmpty?: boolean; activateIfActiveIs?: number | null } = {},
  ): Promise<StoredVersion> {
    const row = await this.prisma.$transaction(
      async (tx) => {
        const last = await tx.modelVersion.aggregate({ _max: { version: true } });
        if (onlyIfEmpty && last._max.version !== null) throw new Error('the registry is no longer empty');
        const forClass = entry.classroomId;
        if (entry.activate && forClass === undefined) await tx.modelVersion.updateMany({ where: { active: true }, data: { active: null } });
        const created = await tx.modelVersion.create({
          data: {
            version: (last._max.version ?? 0) + 1,
            classroomId: forClass ?? null,
            backboneId: entry.backboneId,
            labels: entry.weights.labels,
            weights: entry.weights as object,
            metrics: entry.metrics as object,
            ...(entry.comparison === undefined ? {} : { comparison: entry.comparison as object }),
            dataFingerprint: entry.dataFingerprint,
            trainedBy: entry.trainedBy,
            trainedByMember: entry.trainedByMember ?? null,
            active: entry.activate && forClass === undefined ? true : null,
          },
          include: withBackbone,
        });
        if (entry.activate && forClass !== undefined) {
          const current = await tx.classroomModel.findUnique({ where: { classroomId: forClass }, select: { modelVersionId: true } });
          const currentId = current?.modelVersionId ?? (await tx.modelVersion.findFirst({ where: { active: true }, select: { id: true } }))?.id ?? null;
          if (activateIfActiveIs === undefined || activateIfActiveIs === currentId) {
            await tx.classroomModel.upsert({
              where: { classroomId: forClass },
              create: { classroomId: forClass, modelVersionId: created.id, activatedBy: entry.trainedBy },
              update: { modelVersionId: created.id, activatedBy: entry.trainedBy },
            });
          }
        }
        return created;
      },
      { isolationLevel: 'Serializable' },
    );
    return toStored(row);
  }

  /** Adds version 1 only if the registry is still empty (two processes may start at once). */
  async importFirst(entry: NewVersion): Promise<StoredVersion | undefined> {
    try {
      return await this.add(entry, { onlyIfEmpty: true });
    } catch (error) {
      if ((await this.count()) > 0) return undefined; // the other process won
      throw error;
    }
  }

  /**
   * Makes `version` the head of `classroomId` (also how a roll-back is done): a shared version or
   * one of the class's own, never another class's. Undefined when the class has no such version.
   */
  async activate(version: number, classroomId: number, activatedBy: string): Promise<StoredVersion | undefined> {
    const target = await this.prisma.modelVersion.findUnique({ where: { version }, select: { id: true, classroomId: true } });
    if (!target || (target.classroomId !== null && target.classroomId !== classroomId)) return undefined;
    // Interactive, not a batch: a batch runs a tick later in another request's trace (README, Scale).
    await this.prisma.$transaction(async (tx) => {
      await tx.classroomModel.upsert({
        where: { classroomId },
        create: { classroomId, modelVersionId: target.id, activatedBy },
        update: { modelVersionId: target.id, activatedBy },
      });
      await tx.modelVersion.update({ where: { id: target.id }, data: { discardedAt: null } });
    });
    return this.byId(target.id);
  }

  /** Sets a class's candidate aside; false when it isn't the class's own, or is its active head. */
  async discard(version: number, classroomId: number): Promise<boolean> {
    const result = await this.prisma.modelVersion.updateMany({
      where: { version, classroomId, activeIn: { none: { classroomId } } },
      data: { discardedAt: new Date() },
    });
    return result.count === 1;
  }
}
