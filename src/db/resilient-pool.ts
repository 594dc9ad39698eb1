// The Postgres pool under Prisma's adapter, with the two things a class at once and a restarting
// server need and pg's Pool doesn't do:
//
// - Brief retries, only where they can't do anything twice: opening a connection (nothing was sent
//   yet: the server refused it, was starting up, had no slot left), and a read that lost its
//   connection mid-way. A write whose connection broke after it was sent is never retried here: it
//   may have landed, and only the request that sent it knows whether doing it again is harmless.
// - A write trace: each connection tells the running request's WriteTrace when one of its writes
//   lands (an autocommit statement or a COMMIT), is refused, or ends unknown, so the member is told
//   "this wasn't recorded" only when that is true (src/app/dispatcher.ts).
//
// Waiting for a connection from a full pool is bounded by `connectionTimeoutMillis` and is not
// retried: that wait was the budget, and the member is better told "try again" than kept waiting.
import pg from 'pg';
import { isDatabaseUnavailable, isServerUnavailableCode } from './unavailable.ts';
import type { WriteTracer } from './write-trace.ts';

export interface RetryPolicy {
  /** Retries stop once this long has passed since the first try. */
  budgetMs: number;
  /** The first pause; each next one doubles, up to `maxDelayMs`, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

// Long enough to ride out a Postgres restart on one machine (about a second down), short enough
// that a member whose database is really gone hears so within a few seconds.
export const defaultRetryPolicy: RetryPolicy = { budgetMs: 3_000, baseDelayMs: 50, maxDelayMs: 800 };

type StatementKind = 'read' | 'write' | 'begin' | 'commit' | 'rollback' | 'other';

function kindOf(sql: string): StatementKind {
  const head = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toUpperCase() ?? '';
  switch (head) {
    case 'SELECT':
    case 'SHOW':
      return 'read';
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'WITH': // may hold a data-modifying CTE: treated as a write, never retried
    case 'MERGE':
    case 'COPY':
      return 'write';
    case 'BEGIN':
    case 'START':
      return 'begin';
    case 'COMMIT':
    case 'END':
      return 'commit';
    case 'ROLLBACK':
    case 'ABORT':
      return 'rollback';
    default:
      return 'other';
  }
}

function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

/** The server answered the statement with an error of its own (a unique violation, say): nothing was saved. */
function refusedByServer(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string' && !isServerUnavailableCode(code);
}

/** pg's own words for a query it never wrote to the socket. */
function neverSent(error: unknown): boolean {
  return /not queryable/.test((error as Error | null)?.message ?? '');
}

/** Failures of opening a connection that a moment's wait can fix; the pool's own wait running out is not one. */
function canRetryConnecting(error: unknown): boolean {
  const message = (error as Error | null)?.message ?? '';
  if (/timeout exceeded when trying to connect|due to connection timeout|after calling end/.test(message)) return false;
  return isDatabaseUnavailable(error);
}

function pause(attempt: number, policy: RetryPolicy): Promise<void> {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // Half fixed, half random: clients that failed together don't all come back at the same instant.
  const ms = ceiling / 2 + Math.random() * (ceiling / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function retrying<T>(policy: RetryPolicy, work: () => Promise<T>, canRetry: (error: unknown) => boolean): Promise<T> {
  const deadline = Date.now() + policy.budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!canRetry(error) || Date.now() >= deadline) throw error;
      await pause(attempt, policy);
    }
  }
}

/** A pg Client that reports each write that lands on its own to the running request's trace. */
function tracedClient(tracer: WriteTracer): typeof pg.Client {
  return class TracedClient extends pg.Client {
    private inTransaction = false;

    // pg's overloads all funnel into this one; only the promise form (what Prisma's adapter and this
    // pool use) is traced, the callback and stream forms pass through as they are.
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this forwards them all unchanged.
    override query(config: any, values?: any, callback?: any): any {
      if (typeof values === 'function' || typeof callback === 'function' || typeof config?.submit === 'function') {
        return super.query(config, values, callback);
      }
      const kind = kindOf(textOf(config));
      const lands = kind === 'commit' || (kind === 'write' && !this.inTransaction);
      if (kind === 'begin') this.inTransaction = true;
      if (kind === 'commit' || kind === 'rollback') this.inTransaction = false;
      const settle = lands ? tracer.active()?.sending() : undefined;
      const result = super.query(config, values) as Promise<unknown>;
      if (settle) {
        result.then(
          () => settle('saved'),
          (error: unknown) => settle(refusedByServer(error) || neverSent(error) ? 'refused' : 'unknown'),
        );
      }
      return result;
    }
  };
}

export interface ResilientPoolOptions extends pg.PoolConfig {
  retry: RetryPolicy;
  tracer: WriteTracer;
}

export class ResilientPool extends pg.Pool {
  private readonly retry: RetryPolicy;

  constructor({ retry, tracer, ...config }: ResilientPoolOptions) {
    super({ ...config, Client: tracedClient(tracer) });
    this.retry = retry;
  }

  // Prisma's adapter takes a connection here for every transaction; nothing has been sent on it yet.
  // biome-ignore lint/suspicious/noExplicitAny: pg's connect() overloads (promise or callback), forwarded unchanged.
  override connect(callback?: any): any {
    if (callback) return super.connect(callback);
    return retrying(this.retry, () => super.connect(), canRetryConnecting);
  }

  // Prisma's adapter sends every statement outside a transaction here.
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this forwards them all unchanged.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof values === 'function' || typeof callback === 'function' || typeof config?.submit === 'function') {
      return super.query(config, values, callback);
    }
    const read = kindOf(textOf(config)) === 'read';
    let connected = false;
    return retrying(
      this.retry,
      async () => {
        connected = false;
        const client = await super.connect();
        connected = true;
        try {
          const result = await client.query(config, values);
          client.release();
          return result;
        } catch (error) {
          // pg's own Pool drops the connection after any error; a refused statement leaves it healthy.
          client.release(refusedByServer(error) ? undefined : (error as Error));
          throw error;
        }
      },
      (error) => (connected ? (read || neverSent(error)) && isDatabaseUnavailable(error) : canRetryConnecting(error)),
    );
  }
}
