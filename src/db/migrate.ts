import { randomUUID } from 'node:crypto';
import { MigrationError } from './errors.ts';
import { defaultMigrationsDir, readMigrations, type MigrationFile } from './migrations-dir.ts';
import type { SqlSession } from './sql-session.ts';

// Prisma's own advisory-lock key: this runner and `prisma migrate deploy` exclude each other.
const migrationLockKey = 72707369;

// The table exactly as Prisma's schema engine creates it on PostgreSQL, so its tools read our rows.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (message: string) => void;
  /** How long to wait for another process that is migrating the same database (default 60 s). */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

// PGlite is one connection: its advisory lock is re-entrant for a second caller in the same
// process, so calls sharing a connection also queue here.
const inProcessQueues = new WeakMap<object, Promise<unknown>>();

/**
 * Brings the database up to the migrations directory. Safe to call on every start and from
 * several processes at once: the first takes the lock and applies, the others wait and find
 * nothing left to do.
 */
export async function migrate(session: SqlSession, options: MigrateOptions = {}): Promise<MigrateResult> {
  const previous = inProcessQueues.get(session.handle) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => migrateLocked(session, options));
  inProcessQueues.set(session.handle, run);
  return run;
}

async function migrateLocked(session: SqlSession, options: MigrateOptions): Promise<MigrateResult> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const log = options.log ?? (() => {});
  await takeLock(session, options.lockTimeoutMs ?? 60_000, log);
  try {
    await session.exec(createMigrationsTable);
    const rows = await session.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
    );
    const pending = pendingMigrations(migrations, rows, session.describe, log);
    for (const migration of pending) {
      await apply(session, migration);
      log(`Applied migration ${migration.name}`);
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
  } finally {
    // A lost connection has released the session lock already; keep the error that matters.
    await session.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {});
  }
}

// Polled rather than blocking, so a process stuck while holding the lock turns into a clear
// error instead of a start-up that hangs for ever.
async function takeLock(session: SqlSession, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const [row] = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [migrationLockKey]);
    if (row?.locked) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        `Another process has been migrating ${session.describe} for over ${Math.round(timeoutMs / 1000)} s; wait for it to finish or stop it, then start again.`,
      );
    }
    if (!told) log(`Waiting for another process that is migrating ${session.describe}`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Checks the whole history before touching anything, then lists what is left to apply. */
function pendingMigrations(migrations: MigrationFile[], rows: AppliedRow[], where: string, log: (message: string) => void): MigrationFile[] {
  const byName = new Map<string, AppliedRow[]>();
  for (const row of rows) byName.set(row.migration_name, [...(byName.get(row.migration_name) ?? []), row]);

  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed earlier in ${where} and left it half-way; repair the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name}).`,
    );
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...byName.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    log(`The database has migrations this code does not know (${unknown.join(', ')}); was it used by a newer version?`);
  }
  const pending: MigrationFile[] = [];
  for (const migration of migrations) {
    const applied = byName.get(migration.name);
    if (!applied) {
      pending.push(migration);
    } else if (!applied.some((row) => row.checksum === migration.checksum)) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied to ${where}; restore its migration.sql and put the change in a new migration (npm run db:migration -- <name>).`,
      );
    }
  }
  return pending;
}

// Statements Postgres refuses inside a transaction block.
const needsAutocommit = /\bCONCURRENTLY\b|\bALTER\s+SYSTEM\b|\bVACUUM\b/i;

async function apply(session: SqlSession, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  const record = async () =>
    session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [id, migration.checksum, migration.name],
    );

  if (!needsAutocommit.test(migration.sql)) {
    // All or nothing: a failure leaves neither half a schema change nor a row behind.
    await session.exec('BEGIN');
    try {
      await session.exec(migration.sql);
      await record();
      await session.exec('COMMIT');
    } catch (error) {
      // The original error is the one worth reporting, even if the connection is gone by now.
      await session.exec('ROLLBACK').catch(() => {});
      throw failure(migration, error);
    }
    return;
  }

  // Like Prisma: a started row first, finished only on success, so a half-applied migration is
  // visible (and refused) at the next start rather than silently retried.
  await session.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [
    id,
    migration.checksum,
    migration.name,
  ]);
  try {
    await session.exec(migration.sql);
  } catch (error) {
    await session.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, String(error)]).catch(() => {});
    throw failure(migration, error);
  }
  await session.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
}

function failure(migration: MigrationFile, error: unknown): MigrationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new MigrationError(`Migration ${migration.name} failed: ${reason}`, { cause: error });
}
