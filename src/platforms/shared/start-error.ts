// A platform that cannot start for a reason the operator can fix (a refused token, an API that
// can't be reached, a port in use): main prints its message as one line, with no stack and no
// library dump (those carry request headers, and so the token).
export class PlatformStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformStartError';
  }
}

/** The one word that says why a network call failed (ECONNREFUSED, ENOTFOUND…), never its request. */
export function networkCause(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown; original?: unknown }).original ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Where a URL points (scheme, host, port) and nothing that could hold a secret. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparseable url)';
  }
}
