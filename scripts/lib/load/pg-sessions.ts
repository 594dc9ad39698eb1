// Samples how many sessions the bot holds on its database (pg_stat_activity), from a connection of
// its own to the maintenance database, so the sampler never counts itself.
import pg from 'pg';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface SessionSampler {
  /** The most sessions seen at once, and the most of them running a query. */
  stop(): Promise<{ peak: number; peakActive: number; samples: number }>;
}

export async function sampleSessions(databaseName: string, everyMs = 200): Promise<SessionSampler> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  let peak = 0;
  let peakActive = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ total: number; active: number }>(
        "SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'active')::int AS active FROM pg_stat_activity WHERE datname = $1",
        [databaseName],
      );
      peak = Math.max(peak, rows[0]!.total);
      peakActive = Math.max(peakActive, rows[0]!.active);
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await client.end();
      return { peak, peakActive, samples };
    },
  };
}
