// Training requests in Postgres: a restart loses none, and the unique `openSlot` (the class's id
// while open) lets at most one job per class be queued or running, across every bot process. The running
// job is leased: `owner` names the run holding it, and every write of a run checks it still does.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { EpochReport } from '../../classifier/types.ts';
import type { Beat, TrainingJobStore, JobState, StoredJob } from '../../classifier/ports.ts';

export type { Beat, JobState, StoredJob };

type Row = Awaited<ReturnType<PrismaClient['trainingJob']['findFirstOrThrow']>>;

function toStored(row: Row): StoredJob {
  return {
    id: row.id,
    classroomId: row.classroomId,
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
    cancelRequested: row.cancelRequestedAt !== null,
  };
}

export class TrainingJobRepository implements TrainingJobStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Queues a job for `classroomId` held by `owner`, or returns `{ busy }` with the class's open one. */
  async enqueue(classroomId: number, requestedBy: string, owner: string, memberId?: number): Promise<{ job: StoredJob } | { busy: StoredJob }> {
    try {
      const row = await this.prisma.trainingJob.create({
        data: { classroomId, requestedBy, requestedByMemberId: memberId ?? null, openSlot: classroomId, heartbeatAt: new Date(), owner },
      });
      return { job: toStored(row) };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      const open = await this.open(classroomId);
      if (!open) return this.enqueue(classroomId, requestedBy, owner, memberId); // it closed in between
      return { busy: open };
    }
  }

  /** The class's queued or running job. */
  async open(classroomId: number): Promise<StoredJob | undefined> {
    const row = await this.prisma.trainingJob.findFirst({ where: { openSlot: classroomId } });
    return row ? toStored(row) : undefined;
  }

  /** Every class's open job, for the lease check (a few rows: one per class at most). */
  async allOpen(): Promise<StoredJob[]> {
    const rows = await this.prisma.trainingJob.findMany({ where: { openSlot: { not: null } }, orderBy: { id: 'asc' } });
    return rows.map(toStored);
  }

  async latest(classroomId: number): Promise<StoredJob | undefined> {
    const row = await this.prisma.trainingJob.findFirst({ where: { classroomId }, orderBy: { id: 'desc' } });
    return row ? toStored(row) : undefined;
  }

  async byId(id: number): Promise<StoredJob | undefined> {
    const row = await this.prisma.trainingJob.findUnique({ where: { id } });
    return row ? toStored(row) : undefined;
  }

  /** Asks the open job to stop; the run holding it sees this at its next heartbeat. False once it closed. */
  async requestCancel(id: number): Promise<boolean> {
    const result = await this.prisma.trainingJob.updateMany({ where: { id, openSlot: { not: null } }, data: { cancelRequestedAt: new Date() } });
    return result.count === 1;
  }

  /** Closes a job as cancelled: by the run that saw the request, or at once when no run holds it (`owner` null). */
  async cancelled(id: number, owner: string | null): Promise<boolean> {
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, owner, openSlot: { not: null } },
      data: { state: 'cancelled', finishedAt: new Date(), openSlot: null },
    });
    return result.count === 1;
  }

  /** Starts the job `owner` queued; false when it is no longer theirs. */
  async claim(id: number, owner: string): Promise<boolean> {
    const now = new Date();
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, state: 'queued', openSlot: { not: null }, owner },
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
      where: { id: seen.id, openSlot: { not: null }, owner: seen.owner, heartbeatAt: seen.heartbeatAt },
      data: { state: 'running', startedAt: now, heartbeatAt: now, owner, ...(seen.owner === null ? {} : { takeovers: { increment: 1 } }) },
    });
    return result.count === 1;
  }

  /** Refreshes the lease, and says whether another process took the job over or its instructor cancelled it. */
  async beat(id: number, owner: string, progress?: EpochReport): Promise<Beat> {
    const result = await this.prisma.trainingJob.updateMany({
      where: { id, owner, openSlot: { not: null } },
      data: { heartbeatAt: new Date(), ...(progress ? { progress: progress as object } : {}) },
    });
    if (result.count !== 1) return 'lost';
    const row = await this.prisma.trainingJob.findUnique({ where: { id }, select: { cancelRequestedAt: true } });
    return row?.cancelRequestedAt ? 'cancelled' : 'ours';
  }

  /** Gives the job back, queued for whichever live process looks next (this one is stopping). */
  async release(id: number, owner: string): Promise<void> {
    await this.prisma.trainingJob.updateMany({ where: { id, owner, openSlot: { not: null } }, data: { state: 'queued', owner: null, heartbeatAt: null } });
  }

  async finish(id: number, owner: string, modelVersionId: number): Promise<void> {
    await this.prisma.trainingJob.updateMany({
      where: { id, owner, openSlot: { not: null } },
      data: { state: 'done', modelVersionId, finishedAt: new Date(), openSlot: null },
    });
  }

  async fail(id: number, owner: string, error: string): Promise<void> {
    await this.prisma.trainingJob.updateMany({ where: { id, owner, openSlot: { not: null } }, data: this.failed(error) });
  }

  /** Fails an abandoned job as it was seen (see takeOver): false when someone else got to it first. */
  async giveUp(seen: StoredJob, error: string): Promise<boolean> {
    const result = await this.prisma.trainingJob.updateMany({
      where: { id: seen.id, openSlot: { not: null }, owner: seen.owner, heartbeatAt: seen.heartbeatAt },
      data: this.failed(error),
    });
    return result.count === 1;
  }

  private failed(error: string) {
    return { state: 'failed' as const, error: error.slice(0, 2000), finishedAt: new Date(), openSlot: null };
  }
}
