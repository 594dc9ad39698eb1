// The console saves files (the class report CSV, charts) under DATA_DIR/console-out. When that
// can't be written, the instructor is told why in one line and the class goes on: the session
// keeps reading commands instead of ending with a stack trace.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/platforms/console/index.ts';
import { createClassroomFixture, type ClassroomFixture } from '../commands/fixture.ts';

let room: ClassroomFixture;
beforeAll(async () => {
  room = await createClassroomFixture();
});
afterAll(async () => {
  await room?.db.drop();
});

async function play(lines: string[], outDir: string): Promise<string> {
  const script = join(await mkdtemp(join(tmpdir(), 'fv-console-script-')), 'script.txt');
  await writeFile(script, `${lines.join('\n')}\n`);
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
  await runConsole({ dispatcher: room.dispatcher, user: { name: 'Kim', role: 'instructor' }, locale: 'en_US.UTF-8', outDir, script, output });
  return transcript;
}

describe('a console output folder that cannot be written', () => {
  it('says the report was not saved and why, then keeps taking commands', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fv-console-out-'));
    const outDir = join(dir, 'console-out');
    await writeFile(outDir, 'a file where the folder should be');

    const transcript = await play(['/report', '/lesson 7'], outDir);
    expect(transcript).toMatch(/📎 .*\.csv → ✖ not saved \((EEXIST|ENOTDIR)\): check that .*console-out is a folder you can write to/);
    expect(transcript).not.toMatch(/unexpected failure|\n\s+at /);
    expect(transcript).toMatch(/Lesson 7: Transfer learning \(1\/12\)/);
  });

  it('saves the report when the folder is fine (the same commands, the real path)', async () => {
    const outDir = join(await mkdtemp(join(tmpdir(), 'fv-console-out-')), 'console-out');
    const transcript = await play(['/report'], outDir);
    expect(transcript).toMatch(new RegExp(`📎 .*\\.csv → ${outDir.replace(/[/\\\\.]/g, '\\$&')}/.*\\.csv`));
  });
});
