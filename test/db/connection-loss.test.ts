// The server ends the bot's connections (a restart, a failover, an administrator's
// pg_terminate_backend) while queries are running: the queries caught in it fail, the process
// keeps running, and the next queries get fresh connections. pg reports such a loss as an
// 'error' event on the connection, which would stop the whole bot if nobody listened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';

let blank: BlankDatabase;
let database: Database;
const logged: string[] = [];

beforeAll(async () => {
  blank = await createBlankDatabase();
  database = await openDatabase({ url: blank.url, log: (line) => logged.push(line) });
});
afterAll(async () => {
  await database?.close();
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
      const burst = Array.from({ length: 40 }, (_, i) =>
        i % 2 ? prisma.classroom.count() : prisma.$queryRaw`SELECT pg_sleep(0.01)`,
      );
      await new Promise((resolve) => setTimeout(resolve, 5 * round));
      expect(await terminateConnections()).toBeGreaterThan(0);
      await Promise.allSettled(burst);
    }
    // Once the burst has settled, the very next query must succeed: no retry hides a pool that
    // keeps handing out dead connections.
    expect(await prisma.classroom.count()).toBe(1);
  });
});
