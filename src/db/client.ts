import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { connectionFailure, describeTarget, parsePostgresUrl } from './connection-errors.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { DatabaseUnavailableError } from './errors.ts';
import { migrate } from './migrate.ts';
import { pgliteSession, pgSession } from './sql-session.ts';

export { DatabaseUnavailableError, MigrationError } from './errors.ts';

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, for the start-up log; never holds a password. */
  describe: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgresql:// URL; without one the embedded PGlite under `dataDir` is used. */
  url?: string;
  /** PGlite's own data directory (default ./data/pglite), created on first start. */
  dataDir?: string;
  /** Receives migration progress lines. */
  log?: (message: string) => void;
  /** Where migration.sql folders live (default: this checkout's prisma/migrations). */
  migrationsDir?: string;
}

export const defaultDataDir = path.join('data', 'pglite');

// A server that is down should fail the start within seconds, not hang.
const connectTimeoutMs = 5_000;

/** Opens the classroom database and brings its schema up to date before anything uses it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? defaultDataDir, options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const target = parsePostgresUrl(url);
  const describe = describeTarget(target);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // pg emits connection-level errors as events; unhandled they would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionFailure(error, target);
  }
  try {
    await migrate(pgSession(client, describe), migrateOptions(options));
  } catch (error) {
    throw unusable(error, describe);
  } finally {
    await client.end().catch(() => {});
  }
  const log = options.log ?? (() => {});
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // pg reports a connection the server ends (a restart, pg_terminate_backend) as an 'error' event,
  // which stops the process when nobody listens. The pool listens while a connection is idle, the
  // adapter during a transaction; this covers the moments between, when a request holds one. The
  // query caught in it fails on its own and the pool replaces the connection, so there is nothing
  // more to do here than not crash.
  pool.on('connect', (client) => client.on('error', () => {}));
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    onPoolError: (error) => log(`A connection to ${describe} was lost: ${error.message}`),
  });
  const prisma = new PrismaClient({ adapter });
  return { prisma, kind: 'postgres', describe, close: once(() => prisma.$disconnect()) };
}

async function openPglite(dataDir: string, options: OpenDatabaseOptions): Promise<Database> {
  const describe = `embedded PGlite in ${dataDir}`;
  let unlock: () => Promise<void>;
  let db: PGlite;
  try {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  } catch (error) {
    throw error instanceof DatabaseUnavailableError ? error : cannotOpen(dataDir, error);
  }
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
    await unlock();
    throw cannotOpen(dataDir, error);
  }
  try {
    await migrate(pgliteSession(db, describe), migrateOptions(options));
  } catch (error) {
    await db.close().catch(() => {});
    await unlock();
    throw unusable(error, describe);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    prisma,
    kind: 'pglite',
    describe,
    close: once(async () => {
      await prisma.$disconnect();
      await db.close();
      await unlock();
    }),
  };
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}

function cannotOpen(dataDir: string, error: unknown): DatabaseUnavailableError {
  return new DatabaseUnavailableError(`Cannot open the embedded database in ${dataDir}: ${sentence(reason(error))}`, { cause: error });
}

/** Migration refusals pass as they are; anything else (a missing privilege, say) gets one line. */
function unusable(error: unknown, describe: string): DatabaseUnavailableError {
  if (error instanceof DatabaseUnavailableError) return error;
  return new DatabaseUnavailableError(`Cannot prepare ${describe}: ${sentence(reason(error))}`, { cause: error });
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// Shutdown paths may call close() more than once; the second call waits for the first.
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

function migrateOptions(options: OpenDatabaseOptions) {
  return {
    ...(options.log ? { log: options.log } : {}),
    ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
  };
}
