import { DatabaseUnavailableError } from './errors.ts';

/** Where a PostgreSQL URL points, without its password: enough to name it in a message. */
export interface PostgresTarget {
  host: string;
  port: string;
  database: string;
  user: string;
}

export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself is never echoed: it may hold a password.
    throw new DatabaseUnavailableError('DATABASE_URL is not a valid PostgreSQL URL (expected postgresql://user:password@host:5432/database).');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DatabaseUnavailableError(`DATABASE_URL must start with postgresql:// (it starts with ${parsed.protocol}//).`);
  }
  const user = decodeURIComponent(parsed.username) || 'postgres';
  return {
    host: parsed.searchParams.get('host') ?? (parsed.hostname || 'localhost'),
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user,
    user,
  };
}

export function describeTarget(target: PostgresTarget): string {
  return `PostgreSQL ${target.host}:${target.port}/${target.database} (user ${target.user})`;
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Turns what pg throws while connecting into one sentence an operator can act on. */
export function connectionFailure(error: unknown, target: PostgresTarget): DatabaseUnavailableError {
  const { host, port, database, user } = target;
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const at = `${host}:${port}`;
  if (unreachableCodes.has(code) || /timeout|terminated unexpectedly/i.test(message)) {
    return new DatabaseUnavailableError(`Cannot reach PostgreSQL at ${at} (database ${database}). Is the server running and DATABASE_URL right?`, {
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000' || /SASL|password/i.test(message)) {
    return new DatabaseUnavailableError(
      `PostgreSQL at ${at} refused the login of user "${user}" (database ${database}). Check the user and password in DATABASE_URL.`,
      { cause: error },
    );
  }
  if (code === '3D000') {
    return new DatabaseUnavailableError(`PostgreSQL at ${at} has no database "${database}". Create it (createdb ${database}) or fix DATABASE_URL.`, {
      cause: error,
    });
  }
  return new DatabaseUnavailableError(`PostgreSQL at ${at} (database ${database}) could not be used: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}
