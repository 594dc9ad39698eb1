// Reading a slash command's text against the real command definitions.
import { describe, expect, it } from 'vitest';
import { coreCommands } from '../../../commands/index.ts';
import type { Command } from '../../../src/app/command.ts';
import { classifierCommands } from '../../../src/app/classifier-plugin.ts';
import { parseCommandText, readUserId, usageText } from '../../../src/platforms/slack/command-text.ts';

const command = (name: string): Command => [...coreCommands, ...classifierCommands].find((c) => c.name === name)!;

describe('slash command text', () => {
  it.each([
    ['lesson', '7', { number: 7 }],
    ['lesson', '  7   3 ', { number: 7, section: 3 }],
    ['lesson', 'section:2 number:7', { number: 7, section: 2 }],
    ['model', 'activate 3', { subcommand: 'activate', version: 3 }],
    ['model', 'ACTIVATE version:3', { subcommand: 'activate', version: 3 }],
    ['model', 'train', { subcommand: 'train' }],
    ['progress', '', {}],
    ['progress', '<@U123ABC|kim>', { member: 'U123ABC' }],
    ['progress', '<@W99ZZZ>', { member: 'W99ZZZ' }],
    ['language', 'ko', { language: 'ko' }],
    ['language', 'English', { language: 'en' }],
  ])('/%s %s', (name, text, args) => {
    expect(parseCommandText(command(name), text, 'en')).toEqual({ ok: true, args });
  });

  // As people type them: a Korean IME's full-width digits and spaces, a counter after the number,
  // the word "lesson" before a lesson number.
  it.each([
    ['quiz', '７', { lesson: 7 }],
    ['quiz', '７강', { lesson: 7 }],
    ['quiz', '7강', { lesson: 7 }],
    ['challenge', '7과', { lesson: 7 }],
    ['lesson', '7과', { number: 7 }],
    ['lesson', '１２　３', { number: 12, section: 3 }],
    ['lesson', '7과 3번', { number: 7, section: 3 }],
    ['quiz', 'lesson 7', { lesson: 7 }],
    ['quiz', 'Lesson 7강', { lesson: 7 }],
    ['quiz', 'lesson7', { lesson: 7 }],
    ['lesson', '수업 7', { number: 7 }],
    ['lesson', '수업 ７ 2', { number: 7, section: 2 }],
    ['lesson', '수업7과', { number: 7 }],
    ['quiz', 'lesson:７', { lesson: 7 }],
    ['quiz', 'lesson:7강', { lesson: 7 }],
    ['model', 'ａｃｔｉｖａｔｅ ３번', { subcommand: 'activate', version: 3 }],
  ])('/%s %j is read as typed', (name, text, args) => {
    expect(parseCommandText(command(name), text, 'en')).toEqual({ ok: true, args });
  });

  it.each([
    ['lesson', '', '<number> is required.'],
    ['lesson', 'seven', "<number> needs a number; `seven` isn't one."],
    ['lesson', '0', '`0` is out of range for <number>: at least 1.'],
    ['lesson', '7 2 extra words', '`extra words` is more than this command takes.'],
    ['model', 'frobnicate', '`frobnicate` is not one of'],
    ['progress', '@kim', "`@kim` isn't one"],
    ['language', 'klingon', "`klingon` isn't a valid <language>."],
    ['quiz', '０강', '`0강` is out of range for <lesson>: at least 1.'],
    ['quiz', 'lesson', '<lesson> is required.'],
    ['quiz', 'lesson seven', "<lesson> needs a number; `seven` isn't one."],
    ['quiz', '7개', "<lesson> needs a number; `7개` isn't one."],
    ['quiz', '7강강', "`7강강` isn't one."],
    ['lesson', '7 lesson 3', "<section> needs a number; `lesson` isn't one."],
    ['model', 'activate lesson 3', "<version> needs a number; `lesson` isn't one."],
  ])('/%s %j is refused: %s', (name, text, problem) => {
    const parsed = parseCommandText(command(name), text, 'en');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });

  it("a photo command says how to send a photo instead, in the member's language", () => {
    const parsed = parseCommandText(command('predict'), '', 'ko');
    expect(parsed.ok ? '' : parsed.problem).toContain('Classify food photo');
    expect(parsed.ok ? '' : parsed.problem).toContain('사진');
  });

  it('usage lists each subcommand with its options and descriptions', () => {
    const usage = usageText(command('model'), 'ko');
    expect(usage).toContain('*사용법*');
    expect(usage).toContain('`/model activate <version>`');
    expect(usage).toContain('버전 번호');
  });

  it('reads member ids only from real mentions or ids', () => {
    expect(readUserId('<@U0ALICE|alice>')).toBe('U0ALICE');
    expect(readUserId('<#C123|general>')).toBeUndefined();
    expect(readUserId('alice')).toBeUndefined();
  });
});
