// Start-up failures seen from outside: the real program (src/main.ts) started with secrets of its
// own in every secret variable, and everything it printed scanned for each of them.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { createBlankDatabase, type BlankDatabase } from './database.ts';
import type { MainRun } from './run-main.ts';

export interface Secrets {
  /** The environment that carries them (DATABASE_URL gets a password; the local server trusts it). */
  env: Record<string, string>;
  values: string[];
}

const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

export function secretEnv(databaseUrl: string, platform: Record<string, string>): Secrets {
  const dbPassword = secret('dbpw');
  const url = new URL(databaseUrl);
  url.password = dbPassword;
  const env = { DATABASE_URL: url.toString(), CLASSIFIER_TOKEN: secret('classifier-'), ...platform };
  const values = [
    dbPassword,
    env.CLASSIFIER_TOKEN,
    ...Object.entries(platform)
      .filter(([name]) => /TOKEN|SECRET/.test(name))
      .map(([, value]) => value),
  ];
  return { env, values };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Exit 1, exactly one `foodvision:` line matching `line`, no stack, and no secret anywhere. */
export function expectOneClearLine(run: MainRun, secrets: Secrets, line: RegExp): void {
  const printed = run.stdout + run.stderr;
  for (const value of secrets.values) expect(printed).not.toContain(value);
  // The output scrub is the last resort; the path itself must not have tried to print a secret.
  expect(printed).not.toContain('[redacted]');
  expect(run.code).toBe(1);
  const failure = run.stderr.split('\n').filter((l) => l.startsWith('foodvision:'));
  expect(failure).toEqual([expect.stringMatching(line)]);
  expect(printed).not.toMatch(/^\s+at /m);
  expect(printed).not.toMatch(/Authorization|Bearer|AxiosError/i);
}

/** A blank database for the file's runs (the program migrates it), dropped after the file. */
export function databaseForFile(): () => BlankDatabase {
  let database: BlankDatabase | undefined;
  beforeAll(async () => {
    database = await createBlankDatabase();
  }, 30_000);
  afterAll(async () => {
    await database?.drop();
  });
  return () => database!;
}
