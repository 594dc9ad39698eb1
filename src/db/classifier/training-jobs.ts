// Training requests in Postgres: a restart loses none, and the unique `openSlot` lets at most one
// job be queued or running at a time, across every bot process sharing the database.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { EpochReport } from '../../classifier/types.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface StoredJob {
  id: number;
  state: JobState;
  requestedBy: string;
  requestedByMemberId: number | null;
  progress: EpochReport | null;
  modelVersionId: number | null;
  error: string | null;
  createdAt: Date;
  heartbeatAt: Date | null;
}

type Row = Awaited<ReturnType<PrismaClient['trainingJob']['findFirstOrThrow']>>;

function toStored(row: Row): StoredJob {
  return {
    id: row.id,
    state: row.state,
    requestedBy: row.requestedBy,
    requestedByMemberId: row.requestedByMemberId,
    progress: (row.progress as unknown as EpochReport | null) ?? null,
    modelVersionId: row.modelVersionId,
    error: row.error,
    createdAt: row.createdAt,
    heartbeatAt: row.heartbeatAt,
  };
}

export class TrainingJobRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Queues a job, or returns `{ busy }` with the open one when another is queued or running. */
  async enqueue(requestedBy: string, memberId?: number): Promise<{ job: StoredJob } | { busy: StoredJob }> {
    try {
      const row = await this.prisma.trainingJob.create({
        data: { requestedBy, requestedByMemberId: memberId ?? null, openSlot: true, heartbeatAt: new Date() },
      });
      return { job: toStored(row) };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      const open = await this.open();
      if (!open) return this.enqueue(requestedBy, memberId); // it closed in between
      return { busy: open };
    }
  }

  // findFirst on the Boolean `openSlot`: concurrent findUnique calls are batched into an `in`
  // query that a Boolean field refuses (see RegistryRepository.active).
  async open(): Promise<StoredJob | undefined> {
    const row = await this.prisma.trainingJob.findFirst({ where: { openSlot: true } });
    return row ? toStored(row) : undefined;
  }

  async latest(): Promise<StoredJob | undefined> {
    const row = await this.prisma.trainingJob.findFirst({ orderBy: { id: 'desc' } });
    return row ? toStored(row) : undefined;
  }

  /** Takes a job for this process; false when another process got it first. */
  async claim(id: number, from: JobState[] = ['queued']): Promise<boolean> {
    const now = new Date();
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, state: { in: from }, openSlot: true },
      data: { state: 'running', startedAt: now, heartbeatAt: now },
    });
    return result.count === 1;
  }

  /** Takes over an open job whose process stopped beating (a crash or restart mid-training). */
  async claimIfStale(id: number, staleBefore: Date): Promise<boolean> {
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, openSlot: true, OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }] },
      data: { state: 'running', startedAt: new Date(), heartbeatAt: new Date() },
    });
    return result.count === 1;
  }

  async beat(id: number, progress?: EpochReport): Promise<void> {
    await this.prisma.trainingJob.update({
      where: { id },
      data: { heartbeatAt: new Date(), ...(progress ? { progress: progress as object } : {}) },
    });
  }

  async finish(id: number, modelVersionId: number): Promise<void> {
    await this.prisma.trainingJob.update({
      where: { id },
      data: { state: 'done', modelVersionId, finishedAt: new Date(), openSlot: null },
    });
  }

  async fail(id: number, error: string): Promise<void> {
    await this.prisma.trainingJob.update({
      where: { id },
      data: { state: 'failed', error: error.slice(0, 2000), finishedAt: new Date(), openSlot: null },
    });
  }
}
