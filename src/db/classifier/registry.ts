// The model registry: every trained head is a numbered version; the database allows one active.
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
    active: row.active === true,
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

  /** Which version is active, without its weights: cheap enough to ask on every prediction. */
  async activeId(): Promise<number | undefined> {
    return (await this.prisma.modelVersion.findFirst({ where: { active: true }, select: { id: true } }))?.id;
  }

  async byVersion(version: number): Promise<StoredVersion | undefined> {
    const row = await this.prisma.modelVersion.findUnique({ where: { version }, include: withBackbone });
    return row ? toStored(row) : undefined;
  }

  async byId(id: number): Promise<StoredVersion | undefined> {
    const row = await this.prisma.modelVersion.findUnique({ where: { id }, include: withBackbone });
    return row ? toStored(row) : undefined;
  }

  async list(): Promise<StoredVersion[]> {
    const rows = await this.prisma.modelVersion.findMany({ orderBy: { version: 'asc' }, include: withBackbone });
    return rows.map(toStored);
  }

  async count(): Promise<number> {
    return this.prisma.modelVersion.count();
  }

  /**
   * Adds the next version number. Serializable, so two writers can't take the same number;
   * the loser's transaction fails and nothing half-written remains.
   */
  async add(entry: NewVersion, { onlyIfEmpty = false } = {}): Promise<StoredVersion> {
    const row = await this.prisma.$transaction(
      async (tx) => {
        const last = await tx.modelVersion.aggregate({ _max: { version: true } });
        if (onlyIfEmpty && last._max.version !== null) throw new Error('the registry is no longer empty');
        if (entry.activate) await tx.modelVersion.updateMany({ where: { active: true }, data: { active: null } });
        return tx.modelVersion.create({
          data: {
            version: (last._max.version ?? 0) + 1,
            backboneId: entry.backboneId,
            labels: entry.weights.labels,
            weights: entry.weights as object,
            metrics: entry.metrics as object,
            dataFingerprint: entry.dataFingerprint,
            trainedBy: entry.trainedBy,
            trainedByMember: entry.trainedByMember ?? null,
            active: entry.activate ? true : null,
          },
          include: withBackbone,
        });
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

  /** Makes `version` the active one (also how a roll-back is done); undefined when it doesn't exist. */
  async activate(version: number): Promise<StoredVersion | undefined> {
    const row = await this.prisma.$transaction(async (tx) => {
      const target = await tx.modelVersion.findUnique({ where: { version }, select: { id: true } });
      if (!target) return undefined;
      await tx.modelVersion.updateMany({ where: { active: true, NOT: { id: target.id } }, data: { active: null } });
      return tx.modelVersion.update({ where: { id: target.id }, data: { active: true }, include: withBackbone });
    });
    return row ? toStored(row) : undefined;
  }
}
