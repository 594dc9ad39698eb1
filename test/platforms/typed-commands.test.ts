// One parser for typed commands: the console reads a line as Slack reads a slash command's text
// (NFKC, counters such as 7강 and 7과, the 수업/lesson keyword, named options), and refuses the same
// lines with the same words. End to end on the console here; on Slack in test/slack/commands.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../commands/index.ts';
import { classifierCommands } from '../../src/app/classifier-plugin.ts';
import { createClassroom } from '../../src/app/classroom.ts';
import type { Command } from '../../src/app/command.ts';
import type { AttachmentRef } from '../../src/core/context.ts';
import { parseCommandLine } from '../../src/platforms/console/parse-command.ts';
import { ConsoleSession } from '../../src/platforms/console/session.ts';
import { parseCommandText } from '../../src/platforms/slack/command-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const COMMANDS = [...coreCommands, ...classifierCommands];
const find = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
const noFile = (path: string): AttachmentRef => ({ name: path, url: path, size: 0, download: async () => new Uint8Array() });
const onConsole = (line: string) => parseCommandLine(line, find, noFile, 'en');
const onSlack = (line: string) => {
  const [, name = '', text = ''] = /^\/(\S+)\s*(.*)$/s.exec(line) ?? [];
  return parseCommandText(find(name)!, text, 'en');
};

describe('a typed command reads the same on the console and on Slack', () => {
  it.each([
    ['/quiz ７', { lesson: 7 }],
    ['/quiz 7강', { lesson: 7 }],
    ['/quiz lesson 7', { lesson: 7 }],
    ['/challenge 7과', { lesson: 7 }],
    ['/lesson 수업 7과', { number: 7 }],
    ['/lesson 수업 ７ 2', { number: 7, section: 2 }],
    ['/lesson １２　３', { number: 12, section: 3 }],
    ['/lesson section:2 number:7', { number: 7, section: 2 }],
    ['/model ａｃｔｉｖａｔｅ ３번', { subcommand: 'activate', version: 3 }],
    ['/language English', { language: 'en' }],
  ])('%s', (line, args) => {
    expect(onConsole(line)).toEqual({ ok: true, name: line.slice(1).split(' ')[0]!.normalize('NFKC'), args });
    expect(onSlack(line)).toEqual({ ok: true, args });
  });

  it.each([
    ['/quiz 7개', "<lesson> needs a number; `7개` isn't one."],
    ['/quiz ０강', '`0강` is out of range for <lesson>: at least 1.'],
    ['/lesson', '<number> is required.'],
    ['/lesson 7 2 extra words', '`extra words` is more than this command takes.'],
    ['/language klingon', "`klingon` isn't a valid <language>."],
  ])('%s is refused alike: %s', (line, problem) => {
    const consoleResult = onConsole(line);
    const slackResult = onSlack(line);
    expect(consoleResult.ok ? '' : consoleResult.error).toBe(problem);
    expect(slackResult.ok ? '' : slackResult.problem).toBe(problem);
  });

  it('takes a full-width command name on the console', () => {
    expect(onConsole('/ｑｕｉｚ ７')).toEqual({ ok: true, name: 'quiz', args: { lesson: 7 } });
  });
});

describe('typed numbers on the console, end to end', () => {
  let db: TestDatabase;
  let session: ConsoleSession;
  const lines: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const { dispatcher } = await createClassroom({ database: db.database });
    session = new ConsoleSession(dispatcher, { user: { name: 'Mina', role: 'student' }, locale: 'en', outDir: tmpdir(), write: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each([
    ['/quiz ７', /Quiz · Lesson 7 — 1\/5/],
    ['/quiz 7강', /Quiz · Lesson 7/],
    ['/lesson 수업 7과', /\(1\/\d+\)/],
  ])('%s reaches lesson 7, not a usage message', async (line, shown) => {
    lines.length = 0;
    await session.handle(line);
    const out = lines.join('\n');
    expect(out).toMatch(shown);
    expect(out).not.toMatch(/Usage|사용법/);
  });
});
