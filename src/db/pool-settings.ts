// How many Postgres connections one process may hold, and how long a query waits for one. Every
// process that opens the database (the bot, `npm run classifier`) reads the same two variables.
import { DatabaseUnavailableError } from './errors.ts';

export interface PoolSettings {
  /** Connections this process may open (DATABASE_POOL_MAX). */
  max: number;
  /** How long a query waits for a free connection, or for a new one to open (DATABASE_POOL_TIMEOUT_MS). */
  waitMs: number;
}

// 20 connections serve a class of 200 on one process: on a 2-core machine the work is CPU-bound well
// before that (bench:classroom), and four such processes stay under Postgres's default
// max_connections of 100 with room for migrations, the classifier service and an operator's psql.
export const defaultPoolSettings: PoolSettings = { max: 20, waitMs: 5_000 };

type Env = Record<string, string | undefined>;

export function readPoolSettings(env: Env = process.env): PoolSettings {
  return {
    max: whole(env, 'DATABASE_POOL_MAX', defaultPoolSettings.max, 1, 1_000),
    waitMs: whole(env, 'DATABASE_POOL_TIMEOUT_MS', defaultPoolSettings.waitMs, 100, 600_000),
  };
}

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DatabaseUnavailableError(`${name} must be a whole number from ${min} to ${max}, not "${raw.slice(0, 20)}".`);
  }
  return value;
}
