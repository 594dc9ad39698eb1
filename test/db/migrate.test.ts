import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MigrationError } from '../../src/db/errors.ts';
import { migrate } from '../../src/db/migrate.ts';
import { readMigrations } from '../../src/db/migrations-dir.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';
import { connect, tempMigrations, type PgConnection, type TempMigrations } from './temp-migrations.ts';

interface HistoryRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

let blank: BlankDatabase;
let migrations: TempMigrations;
const open: PgConnection[] = [];

async function connection(): Promise<PgConnection> {
  const c = await connect(blank.url);
  open.push(c);
  return c;
}

async function history(c: PgConnection): Promise<HistoryRow[]> {
  return (await c.client.query<HistoryRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at')).rows;
}

async function tables(c: PgConnection): Promise<string[]> {
  const result = await c.client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return result.rows.map((r) => r.table_name);
}

beforeEach(async () => {
  blank = await createBlankDatabase();
  migrations = await tempMigrations();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await blank.drop();
  await migrations.remove();
});

describe('migrate on PostgreSQL', () => {
  test('applies every migration once, with Prisma-shaped history rows', async () => {
    const c = await connection();
    const files = await readMigrations(migrations.dir);
    expect(files.length).toBeGreaterThan(0);

    const result = await migrate(c.session, { migrationsDir: migrations.dir });

    expect(result.applied).toEqual(files.map((f) => f.name));
    expect(await tables(c)).toEqual(expect.arrayContaining(['Classroom', 'Member', 'PointEntry', '_prisma_migrations']));
    const rows = await history(c);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const bytes = await readFile(`${migrations.dir}/${row.migration_name}/migration.sql`);
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.checksum).toBe(files[i]?.checksum);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  test('the history table has the columns and types Prisma migrate creates', async () => {
    const c = await connection();
    await migrate(c.session, { migrationsDir: migrations.dir });
    const columns = await c.client.query(
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.rows).toEqual([
      { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO', column_default: '0' },
    ]);
  });

  test('a second run applies nothing and changes no row', async () => {
    const c = await connection();
    await migrate(c.session, { migrationsDir: migrations.dir });
    const before = await history(c);

    const again = await migrate(c.session, { migrationsDir: migrations.dir });

    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(before.length);
    expect(await history(c)).toEqual(before);
  });

  test('a migration added later is applied on the next start, after the others', async () => {
    const c = await connection();
    await migrate(c.session, { migrationsDir: migrations.dir });
    await migrations.add('29990101000000_later', 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);');

    const result = await migrate(c.session, { migrationsDir: migrations.dir });

    expect(result.applied).toEqual(['29990101000000_later']);
    expect(await tables(c)).toContain('Later');
  });

  test('two processes starting at once: both succeed, each migration is applied once', async () => {
    // The slow migration keeps the first process inside the lock while the second arrives.
    await migrations.add('29990101000000_slow', 'SELECT pg_sleep(0.5); CREATE TABLE "Slow" ("id" INTEGER PRIMARY KEY);');
    const [a, b] = [await connection(), await connection()];

    const results = await Promise.all([migrate(a.session, { migrationsDir: migrations.dir }), migrate(b.session, { migrationsDir: migrations.dir })]);

    const total = (await readMigrations(migrations.dir)).length;
    const appliedCounts = results.map((r) => r.applied.length).sort();
    expect(appliedCounts).toEqual([0, total]);
    const rows = await history(a);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.migration_name)).size).toBe(total);
  });

  test('refuses to start when an applied migration was edited, and changes nothing', async () => {
    const file = await migrations.add('29990101000000_tampered', 'CREATE TABLE "Tampered" ("id" INTEGER PRIMARY KEY);');
    const c = await connection();
    await migrate(c.session, { migrationsDir: migrations.dir });
    const before = await history(c);
    await writeFile(file, 'CREATE TABLE "Tampered" ("id" BIGINT PRIMARY KEY);');
    await migrations.add('29990102000000_after', 'CREATE TABLE "After" ("id" INTEGER PRIMARY KEY);');

    const attempt = migrate(c.session, { migrationsDir: migrations.dir });

    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(/29990101000000_tampered was changed after it was applied/);
    expect(await history(c)).toEqual(before);
    expect(await tables(c)).not.toContain('After');
  });

  test('a failing migration rolls back entirely and is retried once fixed', async () => {
    const file = await migrations.add(
      '29990101000000_broken',
      'CREATE TABLE "HalfDone" ("id" INTEGER PRIMARY KEY);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;',
    );
    const c = await connection();

    await expect(migrate(c.session, { migrationsDir: migrations.dir })).rejects.toThrow(
      /Migration 29990101000000_broken failed: relation "NoSuchTable" does not exist/,
    );
    expect(await tables(c)).not.toContain('HalfDone');
    expect((await history(c)).map((r) => r.migration_name)).not.toContain('29990101000000_broken');

    await writeFile(file, 'CREATE TABLE "HalfDone" ("id" INTEGER PRIMARY KEY);');
    const retried = await migrate(c.session, { migrationsDir: migrations.dir });
    expect(retried.applied).toEqual(['29990101000000_broken']);
    expect(await tables(c)).toContain('HalfDone');
  });

  test('CONCURRENTLY runs outside a transaction; if it fails, the next start is refused like Prisma does', async () => {
    await migrations.add('29990101000000_table', 'CREATE TABLE "Big" ("id" INTEGER PRIMARY KEY, "v" INTEGER);');
    await migrations.add('29990102000000_index', 'CREATE INDEX CONCURRENTLY "Big_v_idx" ON "Big" ("v");');
    await migrations.add('29990103000000_bad_index', 'CREATE INDEX CONCURRENTLY "Bad_idx" ON "Big" ("missing");');
    const c = await connection();

    await expect(migrate(c.session, { migrationsDir: migrations.dir })).rejects.toThrow(/29990103000000_bad_index failed/);
    const indexes = await c.client.query("SELECT indexname FROM pg_indexes WHERE tablename = 'Big'");
    expect(indexes.rows.map((r) => r.indexname)).toContain('Big_v_idx');
    const failed = (await history(c)).find((r) => r.migration_name === '29990103000000_bad_index');
    expect(failed?.finished_at).toBeNull();
    expect(failed?.logs).toMatch(/missing/);

    await expect(migrate(c.session, { migrationsDir: migrations.dir })).rejects.toThrow(/29990103000000_bad_index failed earlier .* mark it rolled back/);
  });

  test('a process that holds the lock too long makes the other give up with a clear message', async () => {
    const [holder, waiter] = [await connection(), await connection()];
    await holder.client.query('SELECT pg_advisory_lock(72707369)');

    const attempt = migrate(waiter.session, { migrationsDir: migrations.dir, lockTimeoutMs: 300 });

    await expect(attempt).rejects.toThrow(/Another process has been migrating the test database/);
    expect(await tables(waiter)).toEqual([]);
  });
});
