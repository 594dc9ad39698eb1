// Fair-use windows in the database every bot process shares, so a member's thirty /predict a
// minute are thirty whichever processes their calls reach. One row per key holds the times of the
// calls still in its window; rows whose window has passed are pruned now and then.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { RateLimitStore, RateLimitWindow, SlotAnswer } from '../../core/ports.ts';

/** How often (by the callers' clock) a process deletes the rows whose window has passed. */
export const PRUNE_EVERY_MS = 60_000;

export class PrismaRateLimits implements RateLimitStore {
  private lastPruneAt: number | undefined;

  constructor(private readonly prisma: PrismaClient) {}

  async take(key: string, window: RateLimitWindow, at: number): Promise<SlotAnswer> {
    const since = at - window.windowMs;
    // One statement: ON CONFLICT DO UPDATE locks the member's row, so racing calls in any process
    // see each other's hits; the WHERE leaves a full window untouched and then nothing is returned.
    const taken = await this.prisma.$queryRaw<{ taken: number }[]>`
      INSERT INTO "RateLimitWindow" AS w ("key", "hits", "expiresAt")
      VALUES (${key}, ARRAY[${at}::bigint], ${at}::bigint + ${window.windowMs}::bigint)
      ON CONFLICT ("key") DO UPDATE
        SET "hits" = ARRAY(SELECT h FROM unnest(w."hits") AS h WHERE h > ${since}::bigint) || ${at}::bigint,
            "expiresAt" = GREATEST(w."expiresAt", EXCLUDED."expiresAt")
        WHERE (SELECT count(*) FROM unnest(w."hits") AS h WHERE h > ${since}::bigint) < ${window.calls}
      RETURNING 1 AS taken`;
    await this.pruneNowAndThen(at);
    if (taken.length === 1) return { taken: true };
    return { taken: false, retryAfterMs: await this.untilOldestLeaves(key, since, window.windowMs, at) };
  }

  /** Only informative (the refusal's "try again in N s"), so it may read a row a moment newer. */
  private async untilOldestLeaves(key: string, since: number, windowMs: number, at: number): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ oldest: bigint | null }[]>`
      SELECT min(h) AS oldest FROM "RateLimitWindow" AS w, unnest(w."hits") AS h
      WHERE w."key" = ${key} AND h > ${since}::bigint`;
    const oldest = row?.oldest === null || row?.oldest === undefined ? at : Number(row.oldest);
    return Math.max(1, oldest + windowMs - at);
  }

  private async pruneNowAndThen(at: number): Promise<void> {
    if (this.lastPruneAt !== undefined && at - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = at;
    // A row a concurrent take just renewed has a later expiresAt, so this never drops a live window.
    await this.prisma.rateLimitWindow.deleteMany({ where: { expiresAt: { lte: BigInt(at) } } });
  }
}
