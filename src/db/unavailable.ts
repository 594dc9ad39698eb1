// Recognises "the database is not answering" among the errors a query can throw mid-run, so the
// member gets a clear "try again" instead of a generic failure. The shapes were taken from what
// Prisma 7 with adapter-pg throws when the server goes away (test/commands/database-down.test.ts).

const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const MESSAGES = /Connection terminated|connection is closed|Can't reach database server|server closed the connection/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 5; current = current.cause as ErrorLike, depth++) {
    if (typeof current !== 'object') return false;
    const code = typeof current.code === 'string' ? current.code : '';
    if (PRISMA_UNAVAILABLE.has(code) || SOCKET_CODES.has(code)) return true;
    const kind = current.meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === 'string' && ADAPTER_UNAVAILABLE.has(kind)) return true;
    if (typeof current.message === 'string' && MESSAGES.test(current.message)) return true;
  }
  return false;
}
