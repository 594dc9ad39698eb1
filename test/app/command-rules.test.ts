// defineCommand refuses, at definition time, what Discord or Slack would refuse at deploy time,
// and says which part of the command breaks which rule. The shipped commands all pass.
import { describe, expect, it } from 'vitest';
import { coreCommands } from '../../commands/index.ts';
import { classifierCommands } from '../../src/app/classifier-plugin.ts';
import { defineCommand, isSlow, type Command, type CommandOption } from '../../src/app/command.ts';

const word: CommandOption = { name: 'word', type: 'string', description: { ko: '낱말', en: 'A word' } };
const base: Command = { name: 'stamp', description: { ko: '도장을 찍어요', en: 'Stamp a word' }, requiredRole: 'student', run: async () => [] };
const define = (changes: Partial<Command>) => () => defineCommand({ ...base, ...changes });

describe('defineCommand', () => {
  it('accepts a command with nothing but the old fields (new fields are optional)', () => {
    expect(define({ options: [word] })()).toMatchObject({ name: 'stamp' });
    expect(isSlow(base)).toBe(false);
    expect(isSlow({ ...base, options: [{ ...word, type: 'attachment' }] })).toBe(true);
  });

  it.each([
    ['an upper-case name', { name: 'Stamp' }, /name "Stamp" \(en\) must be lower-case/],
    ['a name with a space', { name: 'my stamp' }, /name "my stamp" \(en\) must be 1–32 letters/],
    ['an empty name', { name: '' }, /name "" \(en\)/],
    ['a 33-character name', { name: 'a'.repeat(33) }, /must be 1–32 letters/],
    ['a 32-character name (Slack counts the "/")', { name: 'a'.repeat(32) }, /at most 31 characters after the "\/" \(Slack\)/],
    ['a Korean name with a space', { names: { ko: '도장 찍기' } }, /name "도장 찍기" \(ko\)/],
    ['an empty Korean description', { description: { ko: '', en: 'Stamp' } }, /description \(ko\) must be 1–100 characters, is 0/],
    ['a 101-character description', { description: { ko: '도장', en: 'x'.repeat(101) } }, /description \(en\) must be 1–100 characters, is 101/],
    ['26 options', { options: Array.from({ length: 26 }, (_, i) => ({ ...word, name: `w${i}` })) }, /at most 25 options/],
    ['two options of one name', { options: [word, word] }, /two options are named "word"/],
    ['an upper-case option name', { options: [{ ...word, name: 'Word' }] }, /option "Word": name "Word" \(en\) must be lower-case/],
    [
      '26 choices',
      { options: [{ ...word, choices: Array.from({ length: 26 }, (_, i) => ({ name: { ko: `${i}`, en: `${i}` }, value: `${i}` })) }] },
      /at most 25 choices/,
    ],
    [
      'a fractional integer choice',
      { options: [{ ...word, type: 'integer', choices: [{ name: { ko: '반', en: 'half' }, value: 0.5 }] }] },
      /choice 0.5 is not an integer/,
    ],
    ['minValue on a string', { options: [{ ...word, minValue: 1 }] }, /minValue and maxValue are for integer options/],
    [
      'options beside subcommands',
      { options: [word], subcommands: [{ name: 'add', description: { ko: '더하기', en: 'Add' }, options: [] }] },
      /both options and subcommands/,
    ],
    ['a message menu without a photo option', { surfaces: { messageMenu: { label: { ko: '도장', en: 'Stamp it' } } } }, /needs an attachment option/],
    [
      'a 33-character menu label',
      { options: [{ ...word, type: 'attachment' }], surfaces: { messageMenu: { label: { ko: '도장', en: 'x'.repeat(33) } } } },
      /label \(en\) must be 1–32/,
    ],
    [
      'a shortcut id with a space',
      {
        options: [{ ...word, type: 'attachment' }],
        surfaces: { shortcut: { label: { ko: '도장', en: 'Stamp' }, description: { ko: '도장', en: 'Stamp' }, callbackId: 'stamp it' } },
      },
      /callbackId "stamp it"/,
    ],
    ['an action verb with ":"', { actions: { 'a:b': { run: async () => [] } } }, /action "a:b"/],
  ])('refuses %s', (_, changes, message) => {
    expect(define(changes as Partial<Command>)).toThrow(message);
  });

  it('names the command and lists every problem at once', () => {
    expect(define({ name: 'Stamp', description: { ko: '', en: '' } })).toThrow(
      /command \/Stamp breaks a platform's rules:\n- name: .*\n- command: description \(ko\).*\n- command: description \(en\)/,
    );
  });

  it('passes every shipped command', () => {
    for (const command of [...coreCommands, ...classifierCommands]) expect(() => defineCommand(command)).not.toThrow();
  });
});
