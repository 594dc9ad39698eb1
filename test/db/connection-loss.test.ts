// The server ends the bot's connections (a restart, a failover, an administrator's
// pg_terminate_backend) while queries are running: the queries caught in it fail, the process
// keeps running, and the next queries get fresh connections. pg reports such a loss as an
// 'error' event on the connection, which would stop the whole bot if nobody listened. With the
// pool's retries on (the default), the reads caught in it are sent again and never fail at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';

let blank: BlankDatabase;
let database: Database;
let retrying: Database;
const logged: string[] = [];

beforeAll(async () => {
  blank = await createBlankDatabase();
  // No retries here, so a pool that handed out dead connections would show.
  database = await openDatabase({ url: blank.url, log: (line) => logged.push(line), retry: { budgetMs: 0, baseDelayMs: 0, maxDelayMs: 0 } });
  retrying = await openDatabase({ url: blank.url });
});
afterAll(async () => {
  await database?.close();
  await retrying?.close();
  await blank?.drop();
});

async function terminateConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: blank.url.replace(`/${blank.name}`, '/postgres') });
  await admin.connect();
  try {
    const result = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [blank.name]);
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('connections ended by the server', () => {
  it('fails only the queries caught in it, and serves the next ones on new connections', async () => {
    const { prisma } = database;
    await prisma.classroom.create({ data: { platform: 'console', externalId: 'loss' } });
    for (let round = 0; round < 5; round++) {
      // Queries in every state (queued, running, just finished) when the connections go.
      const burst = Array.from({ length: 40 }, (_, i) => (i % 2 ? prisma.classroom.count() : prisma.$queryRaw`SELECT pg_sleep(0.01)`));
      const settling = Promise.allSettled(burst); // Prisma's queries start only once awaited
      await new Promise((resolve) => setTimeout(resolve, 5 * round));
      expect(await terminateConnections()).toBeGreaterThan(0);
      await settling;
    }
    // Once the burst has settled, the very next query must succeed: no retry hides a pool that
    // keeps handing out dead connections.
    expect(await prisma.classroom.count()).toBe(1);
  });
});

describe('reads caught in a lost connection, with the retries on', () => {
  it('are sent again on a fresh connection and all succeed', async () => {
    const { prisma } = retrying;
    const key = `retried-${Date.now()}`;
    await prisma.classroom.create({ data: { platform: 'console', externalId: key } });
    const burst = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? prisma.classroom.count({ where: { externalId: key } }) : prisma.$queryRaw`SELECT 1 AS slept FROM pg_sleep(2)`,
    );
    const settling = Promise.allSettled(burst); // Prisma's queries start only once awaited
    // Cut while reads are surely on the server, not still waiting for a connection.
    const admin = new pg.Client({ connectionString: blank.url.replace(`/${blank.name}`, '/postgres') });
    await admin.connect();
    try {
      await expect.poll(() => sleepingQueries(admin), { timeout: 30_000, interval: 10 }).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    expect(await terminateConnections()).toBeGreaterThan(0);
    const settled = await settling;
    expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(settled.filter((_, i) => i % 2).map((result) => (result as PromiseFulfilledResult<unknown>).value)).toEqual(Array(20).fill(1));
  });
});

async function sleepingQueries(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE '%FROM pg_sleep(2)%'",
    [blank.name],
  );
  return (rows[0] as { n: number }).n;
}
