// Throw-away migration folders for runner tests: the real ones copied, plus whatever a test adds.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { defaultMigrationsDir } from '../../src/db/migrations-dir.ts';
import { pgSession, type SqlSession } from '../../src/db/sql-session.ts';

export interface TempMigrations {
  dir: string;
  add(name: string, sql: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempMigrations(options: { withReal?: boolean } = {}): Promise<TempMigrations> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fv-migrations-'));
  if (options.withReal ?? true) await cp(defaultMigrationsDir, dir, { recursive: true });
  return {
    dir,
    add: async (name, sql) => {
      await mkdir(path.join(dir, name));
      const file = path.join(dir, name, 'migration.sql');
      await writeFile(file, sql);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface PgConnection {
  client: pg.Client;
  session: SqlSession;
  close(): Promise<void>;
}

export async function connect(url: string): Promise<PgConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { client, session: pgSession(client, 'the test database'), close: () => client.end() };
}
