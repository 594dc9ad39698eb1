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
    drop: () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
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
