// DATABASE_POOL_MAX and DATABASE_POOL_TIMEOUT_MS: read once, refused in one sentence when wrong,
// and honoured by the real pool: a burst larger than the pool never opens more sessions than it allows.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { defaultPoolSettings, readPoolSettings } from '../../src/db/pool-settings.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';

describe('reading the pool settings', () => {
  it('defaults to 20 connections and a 5 s wait, and takes whole numbers from the environment', () => {
    expect(readPoolSettings({})).toEqual(defaultPoolSettings);
    expect(defaultPoolSettings).toEqual({ max: 20, waitMs: 5_000 });
    expect(readPoolSettings({ DATABASE_POOL_MAX: ' 8 ', DATABASE_POOL_TIMEOUT_MS: '2500' })).toEqual({ max: 8, waitMs: 2_500 });
  });

  it.each([
    [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "0".'],
    [{ DATABASE_POOL_MAX: 'lots' }, 'DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "lots".'],
    [{ DATABASE_POOL_TIMEOUT_MS: '1.5' }, 'DATABASE_POOL_TIMEOUT_MS must be a whole number from 100 to 600000, not "1.5".'],
  ])('refuses %o in one sentence', (env, message) => {
    expect(() => readPoolSettings(env)).toThrow(message);
  });
});

describe('the pool under a burst', () => {
  let blank: BlankDatabase;
  let database: Database;

  beforeAll(async () => {
    blank = await createBlankDatabase();
    database = await openDatabase({ url: blank.url, pool: { max: 3 } });
  });
  afterAll(async () => {
    await database?.close();
    await blank?.drop();
  });

  it('opens no more sessions than DATABASE_POOL_MAX allows, and serves every query', async () => {
    const admin = new pg.Client({ connectionString: blank.url.replace(`/${blank.name}`, '/postgres') });
    await admin.connect();
    try {
      const sessions = async () =>
        ((await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [blank.name])).rows[0] as { n: number }).n;
      let most = 0;
      let running = true;
      const watching = (async () => {
        while (running) {
          most = Math.max(most, await sessions());
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const burst = Array.from({ length: 12 }, () => database.prisma.$queryRaw<{ slept: number }[]>`SELECT 1 AS slept FROM pg_sleep(0.3)`);
      const results = await Promise.all(burst);
      running = false;
      await watching;
      expect(results.map((rows) => rows[0]?.slept)).toEqual(Array(12).fill(1));
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(3);
    } finally {
      await admin.end();
    }
  });
});
