// Recognises "the database is not answering" among the errors a query can throw mid-run, so the
// member gets a clear "try again" instead of a generic failure. The shapes were taken from what
// Prisma 7 with adapter-pg throws when the server goes away (test/commands/database-down.test.ts),
// when the pool has no connection to spare in time, and when Postgres restarts. Most reach us as
// Prisma errors naming the adapter's error in `meta`; the COMMIT or ROLLBACK that closes a
// transaction can also fail with the adapter's own DriverAdapterError, bare (its `cause` is
// `{ kind: 'ConnectionClosed' }`, say), which Prisma passes through unconverted.

// P2024: no connection in time; P2028: a transaction could not start in time, or ran out of time
// (Prisma rolls it back either way); the P1xxx codes: the server can't be reached.
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const MESSAGES =
  /Connection terminated|connection is closed|Can't reach database server|server closed the connection|timeout exceeded when trying to connect|not queryable|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery)/i;

/**
 * Postgres's own words for "not now": class 08 (connection exception), an administrator or a crash
 * ending the session (57P01, 57P02), a server still starting or already stopping (57P03), and no
 * connection slot left (53300).
 */
export function isServerUnavailableCode(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 5; current = current.cause as ErrorLike, depth++) {
    if (typeof current !== 'object') return false;
    const code = typeof current.code === 'string' ? current.code : '';
    if (PRISMA_UNAVAILABLE.has(code) || SOCKET_CODES.has(code) || isServerUnavailableCode(code)) return true;
    // A bare DriverAdapterError's cause is the adapter's error itself, with its kind on top.
    if (typeof current.kind === 'string' && ADAPTER_UNAVAILABLE.has(current.kind)) return true;
    const adapterCause = current.meta?.driverAdapterError?.cause;
    if (typeof adapterCause?.kind === 'string' && ADAPTER_UNAVAILABLE.has(adapterCause.kind)) return true;
    if (typeof adapterCause?.code === 'string' && isServerUnavailableCode(adapterCause.code)) return true;
    if (typeof current.message === 'string' && MESSAGES.test(current.message)) return true;
  }
  return false;
}
