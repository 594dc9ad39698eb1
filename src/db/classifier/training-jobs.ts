// Training requests in Postgres: a restart loses none, and the unique `openSlot` lets at most one
// job be queued or running at a time, across every bot process sharing the database. The running
// job is leased: `owner` names the run holding it, and every write of a run checks it still does.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { EpochReport } from '../../classifier/types.ts';
import type { TrainingJobStore, JobState, StoredJob } from '../../classifier/ports.ts';

export type { JobState, StoredJob };

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
    owner: row.owner,
    takeovers: row.takeovers,
  };
}

export class TrainingJobRepository implements TrainingJobStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Queues a job held by `owner`, or returns `{ busy }` with the open one when another is queued or running. */
  async enqueue(requestedBy: string, owner: string, memberId?: number): Promise<{ job: StoredJob } | { busy: StoredJob }> {
    try {
      const row = await this.prisma.trainingJob.create({
        data: { requestedBy, requestedByMemberId: memberId ?? null, openSlot: true, heartbeatAt: new Date(), owner },
      });
      return { job: toStored(row) };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      const open = await this.open();
      if (!open) return this.enqueue(requestedBy, owner, memberId); // it closed in between
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

  /** Starts the job `owner` queued; false when it is no longer theirs. */
  async claim(id: number, owner: string): Promise<boolean> {
    const now = new Date();
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, state: 'queued', openSlot: true, owner },
      data: { state: 'running', startedAt: now, heartbeatAt: now },
    });
    return result.count === 1;
  }

  /**
   * Takes over an abandoned job as it was seen: the update matches only while its owner and
   * heartbeat are unchanged, so of several processes taking it at once exactly one wins, and an
   * owner that beat in between keeps it. A dead owner (not a released job) counts as a takeover.
   */
  async takeOver(seen: StoredJob, owner: string): Promise<boolean> {
    const now = new Date();
    const result = await this.prisma.trainingJob.updateMany({
      where: { id: seen.id, openSlot: true, owner: seen.owner, heartbeatAt: seen.heartbeatAt },
      data: { state: 'running', startedAt: now, heartbeatAt: now, owner, ...(seen.owner === null ? {} : { takeovers: { increment: 1 } }) },
    });
    return result.count === 1;
  }

  /** Refreshes the lease; false when another process took the job over (this run must stop). */
  async beat(id: number, owner: string, progress?: EpochReport): Promise<boolean> {
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, owner, openSlot: true },
      data: { heartbeatAt: new Date(), ...(progress ? { progress: progress as object } : {}) },
    });
    return result.count === 1;
  }

  /** Gives the job back, queued for whichever live process looks next (this one is stopping). */
  async release(id: number, owner: string): Promise<void> {
    await this.prisma.trainingJob.updateMany({ where: { id, owner, openSlot: true }, data: { state: 'queued', owner: null, heartbeatAt: null } });
  }

  async finish(id: number, owner: string, modelVersionId: number): Promise<void> {
    await this.prisma.trainingJob.updateMany({
      where: { id, owner, openSlot: true },
      data: { state: 'done', modelVersionId, finishedAt: new Date(), openSlot: null },
    });
  }

  async fail(id: number, owner: string, error: string): Promise<void> {
    await this.prisma.trainingJob.updateMany({ where: { id, owner, openSlot: true }, data: this.failed(error) });
  }

  /** Fails an abandoned job as it was seen (see takeOver): false when someone else got to it first. */
  async giveUp(seen: StoredJob, error: string): Promise<boolean> {
    const result = await this.prisma.trainingJob.updateMany({
      where: { id: seen.id, openSlot: true, owner: seen.owner, heartbeatAt: seen.heartbeatAt },
      data: this.failed(error),
    });
    return result.count === 1;
  }

  private failed(error: string) {
    return { state: 'failed' as const, error: error.slice(0, 2000), finishedAt: new Date(), openSlot: null };
  }
}
