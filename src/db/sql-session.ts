import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * The one raw connection the migration runner needs. It runs only our own migration files and
 * fixed statements with bound parameters; user input never reaches it.
 */
export interface SqlSession {
  query<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (a migration.sql). */
  exec(script: string): Promise<void>;
  /** What the session is, for messages (no password). */
  describe: string;
  /** Identity used to keep two migrate calls on the same single connection apart. */
  readonly handle: object;
}

export function pgSession(client: pg.Client, describe: string): SqlSession {
  return {
    describe,
    handle: client,
    query: async <Row extends object>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
    exec: async (script) => {
      await client.query(script);
    },
  };
}

export function pgliteSession(db: PGlite, describe: string): SqlSession {
  return {
    describe,
    handle: db,
    query: async <Row extends object>(sql: string, params: unknown[] = []) => (await db.query<Row>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
  };
}
