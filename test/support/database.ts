// Each test file gets a database of its own: a fresh PostgreSQL database on the local server
// (migrated through openDatabase, like the app), or an embedded PGlite in a temporary folder.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';

/** The maintenance database on the test server; CI starts PostgreSQL on 127.0.0.1:5432. */
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BlankDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  database: Database;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

export interface EmbeddedTestDatabase {
  dataDir: string;
  database: Database;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database (no tables, no migrations run), dropped with everything in it by drop(). */
export async function createBlankDatabase(): Promise<BlankDatabase> {
  // Random hex only, so the name is safe to splice into CREATE/DROP DATABASE.
  const name = `fv_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => dropDatabase(name),
  };
}

/**
 * Drops politely first: a connection closed a moment ago can linger on the server, and killing a
 * connection still in use would hide a test that left work running. FORCE only after a few
 * seconds, and it says which connections it had to end.
 */
async function dropDatabase(name: string): Promise<void> {
  await withAdmin(async (client) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // 55006: still being accessed
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const { rows } = await client.query('SELECT application_name, state, query FROM pg_stat_activity WHERE datname = $1', [name]);
    console.warn(`test database ${name} was still in use after 5 s; ending ${rows.length} connection(s):`, rows);
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** A fresh, migrated PostgreSQL database opened the way the app opens one. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const blank = await createBlankDatabase();
  let database: Database;
  try {
    database = await openDatabase({ url: blank.url });
  } catch (error) {
    await blank.drop();
    throw error;
  }
  return {
    url: blank.url,
    database,
    prisma: database.prisma,
    drop: async () => {
      await database.close();
      await blank.drop();
    },
  };
}

/** A migrated embedded PGlite in a temporary folder, removed by drop(). */
export async function createEmbeddedTestDatabase(): Promise<EmbeddedTestDatabase> {
  const root = await mkdtemp(path.join(tmpdir(), 'fv-pglite-'));
  const dataDir = path.join(root, 'pglite');
  let database: Database;
  try {
    database = await openDatabase({ dataDir });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    dataDir,
    database,
    prisma: database.prisma,
    drop: async () => {
      await database.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
