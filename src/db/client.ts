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
import { readPoolSettings, type PoolSettings } from './pool-settings.ts';
import { defaultRetryPolicy, ResilientPool, type RetryPolicy } from './resilient-pool.ts';
import { pgliteSession, pgSession } from './sql-session.ts';
import { WriteTracer, type Traced } from './write-trace.ts';
import type { ClassifierStores } from '../classifier/ports.ts';
import type { ClassroomStores } from '../core/ports.ts';
import { classifierRepositories } from './classifier/index.ts';
import { createClassroomStores } from './repositories/index.ts';

export { DatabaseUnavailableError, MigrationError } from './errors.ts';

export interface Database {
  prisma: PrismaClient;
  /** The core's stores over this database, handed to createClassroom by the composition root. */
  stores: ClassroomStores;
  /** The classifier's stores over this database, handed to the classifier plugin. */
  classifierStores: ClassifierStores;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, for the start-up log; never holds a password. */
  describe: string;
  /**
   * Runs one request while noting whether any of its writes may have reached the database (Postgres
   * only: the embedded database has no connection to lose, so it doesn't trace).
   */
  traceWrites?: <T>(work: () => Promise<T>) => Traced<T>;
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
  /** Postgres only; default: DATABASE_POOL_MAX and DATABASE_POOL_TIMEOUT_MS (src/db/pool-settings.ts). */
  pool?: Partial<PoolSettings>;
  /** Postgres only: how connection failures are retried (default: a few tries within 3 s). */
  retry?: RetryPolicy;
}

export const defaultDataDir = path.join('data', 'pglite');

// A server that is down should fail the start within seconds, not hang.
const connectTimeoutMs = 5_000;

/** Opens the classroom database and brings its schema up to date before anything uses it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? defaultDataDir, options);
}

/**
 * Prisma's own limits on a transaction: waiting for its connection may take as long as the pool's
 * wait plus the retries of a failed connect (after that the pool's error says more than Prisma's
 * P2028); once started, ours are a few statements, so 10 s means something is stuck.
 */
function transactionOptions(waitMs: number, retry: RetryPolicy) {
  return { maxWait: waitMs + retry.budgetMs + 1_000, timeout: 10_000 };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const target = parsePostgresUrl(url);
  const settings = { ...readPoolSettings(), ...options.pool };
  const retry = options.retry ?? defaultRetryPolicy;
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
  const tracer = new WriteTracer();
  const pool = new ResilientPool({ connectionString: url, max: settings.max, connectionTimeoutMillis: settings.waitMs, retry, tracer });
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
  const prisma = new PrismaClient({ adapter, transactionOptions: transactionOptions(settings.waitMs, retry) });
  return {
    prisma,
    ...storesOver(prisma),
    kind: 'postgres',
    describe,
    traceWrites: (work) => tracer.run(work),
    close: once(() => prisma.$disconnect()),
  };
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
  // One connection serves every caller in turn, so a transaction may wait behind a whole class's.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db), transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
  return {
    prisma,
    ...storesOver(prisma),
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

function storesOver(prisma: PrismaClient): Pick<Database, 'stores' | 'classifierStores'> {
  return { stores: createClassroomStores(prisma), classifierStores: classifierRepositories(prisma) };
}
