// Repeated signals and the deadline, on a real process using the same Stopping as src/main.ts:
// npm relays a group's signal, so the second one must not cut the stop short; and a stop that
// hangs must still end the process.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StartedProgram } from '../support/started-program.ts';

const fixture = fileURLToPath(new URL('./fixtures/stopping-process.ts', import.meta.url));
let program: StartedProgram | undefined;
afterEach(async () => {
  await program?.cleanUp();
  program = undefined;
});

describe('stopping on signals', () => {
  it('a second and a third signal only say it is still stopping; the work then finishes and it exits 0', async () => {
    program = StartedProgram.script(fixture);
    await program.waitForOutput(/\[fixture\] ready/, 'ready');
    program.signal('SIGTERM');
    await program.waitForOutput(/SIGTERM: stopping/, 'the stop beginning');
    program.signal('SIGINT');
    await program.waitForOutput(/SIGINT again: still finishing acknowledged work; exits within \d+ s at the latest/, 'the second signal answered');
    program.signal('SIGTERM');
    await program.waitForOutput(/SIGTERM again: still finishing/, 'the third signal answered');
    program.stdin.write('finish\n');
    expect(await program.exited).toEqual({ code: 0, signal: null });
    expect(program.output).toMatch(/work finished/);
  }, 60_000);

  it('a stop that hangs ends at the deadline, with code 1 and a line saying so', async () => {
    program = StartedProgram.script(fixture, { DEADLINE_MS: '1000' });
    await program.waitForOutput(/\[fixture\] ready/, 'ready');
    program.signal('SIGTERM');
    expect(await program.exited).toEqual({ code: 1, signal: null });
    expect(program.output).toMatch(/still not stopped after 1 s: exiting with work unfinished/);
    expect(program.output).not.toMatch(/work finished/);
  }, 60_000);
});
