// The program as `npm start` runs it: the embedded database by default, input from a pipe, and
// one clear sentence (no stack, no password) when DATABASE_URL points at a server that is down.
import { mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../src/core/lessons/content.ts';
import { runMain } from '../support/run-main.ts';

describe('start-up', () => {
  it('keeps progress in the embedded database between two runs, reading commands from stdin', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fv-embedded-'));
    const first = await runMain(['--as', 'Jun'], { DATA_DIR: dataDir, LANG: 'ko_KR.UTF-8' }, '/lesson 7\n');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('수업 7에 오신 것을 환영해요');
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);

    const second = await runMain(['--as', 'Jun'], { DATA_DIR: dataDir, LANG: 'ko_KR.UTF-8' }, '/progress\n');
    expect(second.code).toBe(0);
    const sections = (await loadLessons()).get(7)!.sections.length;
    expect(second.stdout).toContain(`1/${sections}`);
  });

  it('says in one line that the database is down, without a stack trace or the password', async () => {
    const run = await runMain([], { DATABASE_URL: 'postgresql://postgres:s3cret-pw@127.0.0.1:1/foodvision' }, '/help\n');
    expect(run.code).toBe(1);
    const failure = run.stderr.split('\n').filter((line) => line.startsWith('foodvision:'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/127\.0\.0\.1:1/);
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
