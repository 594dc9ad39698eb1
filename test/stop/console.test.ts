// The console classroom under `npm start`, stopped while it classifies a photo by Ctrl-C with its
// input from a pipe (SIGINT to the group, which npm relays once more). The command under
// way finishes and prints its answer, the lines not yet read are dropped, the embedded database
// closes cleanly (the next run still has the progress), and npm exits 0 with nothing left running.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testPhoto } from '../slack/classifier.ts';
import { runMain } from '../support/run-main.ts';
import { StartedProgram } from '../support/started-program.ts';

const SLOW = 180_000;
let program: StartedProgram | undefined;
afterEach(async () => {
  await program?.cleanUp();
  program = undefined;
});

describe('npm start (console), stopped mid-command', () => {
  it('Ctrl-C (SIGINT to the process group, which npm relays as well): the photo under way is answered, then it exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fv-console-stop-'));
    const photo = join(dataDir, 'lunch.jpg');
    await writeFile(photo, await testPhoto('bibimbap', 1));
    program = StartedProgram.npmStart({ DATA_DIR: dataDir, LANG: 'en_US.UTF-8' }, ['--as', 'Jun']);
    program.stdin.write('/lesson 7\n');
    await program.waitForOutput(/\(1\/\d+\)/, 'the lesson page', SLOW);
    // Stdin stays open: the program is stopped by the signal, not by the end of its input.
    program.stdin.write(`/predict ${photo}\n/progress\n`);
    await program.waitForOutput(/> \/predict /, 'the console taking the /predict line', SLOW);
    program.groupPids();
    program.signalGroup('SIGINT');

    expect(await program.exited, program.output).toEqual({ code: 0, signal: null });
    const output = program.output;
    expect(output).toMatch(/SIGINT: stopping/);
    const notice = output.indexOf('stopping once this command has finished');
    expect(notice, output).toBeGreaterThan(output.indexOf('> /predict '));
    expect(output.slice(notice)).toMatch(/\d+%/);
    // The line after /predict was never run.
    expect(output).not.toContain('> /progress');
    expect(await program.treeGone()).toEqual([]);

    const next = await runMain(['--as', 'Jun'], { DATA_DIR: dataDir, LANG: 'en_US.UTF-8' }, '/progress\n');
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/1\/12/);
  }, 480_000);
});
