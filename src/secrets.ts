// The last line of defence for "secrets are never printed": every configured secret value is
// replaced by [redacted] in whatever the process writes to stdout or stderr, and an error nothing
// caught is printed (redacted) instead of Node's own dump, which would show a library's request
// headers (`Authorization: Bearer xoxb-…`). Each path still says what failed on its own; this
// only guarantees that no token, signing secret or password rides along.

type Env = Record<string, string | undefined>;

/** Variables whose whole value is a secret. */
const SECRET_VARIABLES = ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'CLASSIFIER_TOKEN', 'DASHBOARD_SECRET', 'PGPASSWORD'];
/** Variables holding a URL whose password (user-info or query) is a secret. */
const URL_VARIABLES = ['DATABASE_URL', 'CLASSIFIER_URL'];
const SECRET_QUERY_KEYS = /pass|token|secret|key/i;

/** Below this length a "secret" would redact ordinary words; no real token or password is this short. */
const MIN_SECRET_LENGTH = 4;

export function configuredSecrets(env: Env = process.env): string[] {
  const values = SECRET_VARIABLES.map((name) => env[name]?.trim());
  for (const name of URL_VARIABLES) values.push(...urlSecrets(env[name]?.trim()));
  const secrets = new Set<string>();
  for (const value of values) {
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    // A secret can be printed as itself or inside a URL or a form body (`token=xoxb-…`).
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...secrets].sort((a, b) => b.length - a.length);
}

function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    const found = parsed.password ? [decodeURIComponent(parsed.password), parsed.password] : [];
    for (const [key, value] of parsed.searchParams) if (SECRET_QUERY_KEYS.test(key) && value) found.push(value);
    return found;
  } catch {
    return [];
  }
}

export function redactSecrets(text: string, secrets: string[] = configuredSecrets()): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

let installed = false;

/**
 * Scrubs everything the process writes from here on, and prints uncaught errors (redacted) with
 * exit code 1, as Node would. Secrets are read once: the environment does not change at run time.
 */
export function scrubSecretsFromOutput(env: Env = process.env): void {
  if (installed) return;
  installed = true;
  const secrets = configuredSecrets(env);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') return write(redactSecrets(chunk, secrets), ...rest);
      if (!(chunk instanceof Uint8Array)) return write(chunk, ...rest);
      const text = Buffer.from(chunk).toString('utf8');
      const clean = redactSecrets(text, secrets);
      return write(clean === text ? chunk : Buffer.from(clean, 'utf8'), ...rest);
    }) as typeof stream.write;
  }
  const die = (error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`foodvision: unexpected failure\n${detail}\n`, () => process.exit(1));
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
}
