// The background check behind training takeovers: it never keeps a process alive, says once that
// it is failing (not once a tick), says when it works again, and stops for good on stop().
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repeatEvery } from '../../../src/classifier/service/every.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

describe('repeatEvery', () => {
  it('lets a process with nothing else to do exit while it repeats', async () => {
    const script =
      "const { repeatEvery } = await import('./src/classifier/service/every.ts'); repeatEvery(10, async () => { console.log('tick'); }, console.log, 'check');";
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exit = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(exit).toBe(0);
  });

  it('logs a failing check once, then that it works again, and stops on stop()', async () => {
    const logged: string[] = [];
    let calls = 0;
    const repeating = repeatEvery(
      5,
      async () => {
        calls += 1;
        if (calls <= 5) throw new Error('database unreachable');
      },
      (line) => logged.push(line),
      'check',
    );
    await until(() => calls >= 8);
    repeating.stop();
    expect(logged).toEqual(['check failed (retrying every 5 ms): database unreachable', 'check: working again']);
    const stoppedAt = calls;
    // Ten more periods: none of them runs the check.
    await sleep(50);
    expect(calls).toBe(stoppedAt);
  });
});
