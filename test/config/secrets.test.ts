// The last-resort scrub (src/secrets.ts): every configured secret value, wherever it sits in the
// environment (a whole variable, a URL's password, a secret-looking query parameter), is replaced in
// what the process prints, including an error nothing caught.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configuredSecrets, redactSecrets } from '../../src/secrets.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('configured secrets', () => {
  it('finds token variables, URL passwords (raw and decoded) and secret query parameters', () => {
    const secrets = configuredSecrets({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      DISCORD_TOKEN: ' discord.token.value ',
      DATABASE_URL: 'postgresql://app:p%40ss%2Fword@db:5432/fv?sslpassword=keypass99',
      CLASSIFIER_URL: 'http://gpu:8080/?token=svc-token-1',
      DATA_DIR: 'not-a-secret',
    });
    expect(secrets).toEqual(expect.arrayContaining(['xoxb-1-2-abc', 'discord.token.value', 'p@ss/word', 'p%40ss%2Fword', 'keypass99', 'svc-token-1']));
    expect(secrets).not.toContain('not-a-secret');
    expect(redactSecrets('auth Bearer xoxb-1-2-abc and token=p%40ss%2Fword', secrets)).toBe('auth Bearer [redacted] and token=[redacted]');
  });
});

describe('the output scrub', () => {
  it('prints an uncaught error with its secret redacted, and exits 1 as Node would', async () => {
    const token = `xoxb-${Date.now()}-uncaught`;
    const script = [
      "const { scrubSecretsFromOutput } = await import('./src/secrets.ts');",
      'scrubSecretsFromOutput();',
      `console.log('header Authorization: Bearer ${token}');`,
      `Promise.reject(new Error('request failed with token=${token}'));`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, SLACK_BOT_TOKEN: token },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(output).not.toContain(token);
    expect(output).toContain('Authorization: Bearer [redacted]');
    expect(output).toContain('foodvision: unexpected failure');
    expect(output).toContain('request failed with token=[redacted]');
  }, 60_000);
});
