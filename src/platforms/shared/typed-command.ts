// Typed commands, read one way on every platform that takes text (Slack's slash-command text, the
// console's lines): against the command's own definition, named `option:value` first, the rest
// by position, the last free-text option taking the rest of the line. Text is read as people type
// it: NFKC first (a Korean IME's full-width `７` is `7`), a number may carry its counter (`7강`,
// `7과`, `3번`), and a lesson number may follow its keyword (`lesson 7`, `수업 7`). Anything it
// can't read becomes a clear problem in the member's language, never a guess.
import type { Args, Command, CommandOption } from '../../app/command.ts';
import type { AttachmentRef } from '../../core/context.ts';
import type { Language, Localized } from '../../core/reply.ts';

export type ParsedText = { ok: true; args: Args } | { ok: false; problem: string };

interface Token {
  text: string;
  index: number;
}

function tokens(text: string): Token[] {
  // A quoted token ("…" or '…') may hold spaces, as may Slack's <…> escapes.
  return [...text.matchAll(/<[^>]*>|"[^"]*"|'[^']*'|\S+/g)].map((m) => ({ text: m[0].replace(/^"(.*)"$|^'(.*)'$/, '$1$2'), index: m.index }));
}

/** A number, with the Korean counter people add: 7강 (lecture 7), 7과 (lesson 7), 3번 (number 3). */
const INTEGER = /^(-?\d{1,9})(?:강|과|번)?$/;
const LESSON_KEYWORD = /^(?:lesson|수업)$/i;

/** `7`, `7강`; for a lesson number also `lesson7`, `수업7`. */
function readInteger(option: CommandOption, raw: string): number | undefined {
  const bare = isLessonNumber(option) ? raw.replace(/^(?:lesson|수업)(?=-?\d)/i, '') : raw;
  const digits = INTEGER.exec(bare)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** An option holding a lesson number, which may follow the word `lesson` or `수업`. */
function isLessonNumber(option: CommandOption): boolean {
  return option.type === 'integer' && (option.name === 'lesson' || /\blesson\b/i.test(option.description.en));
}

/** How a platform types what plain text can't hold. */
export interface TypedReaders {
  /** A member, as the platform writes one (Slack's `<@U123|kim>`, a name on the console); undefined when it isn't one. */
  user(raw: string): string | undefined;
  /** A file named in the text (the console's path). Without it, files can't be typed. */
  attachment?(raw: string): AttachmentRef;
  /** What to say when a command needs a file and files can't be typed. */
  noAttachment?: Localized;
}

/** Reads a typed command's text (`7`, `activate 3`, `수업 7과`) against the command's definition. */
export function parseTypedArgs(command: Command, text: string, lang: Language, readers: TypedReaders): ParsedText {
  const trimmed = text.normalize('NFKC').trim();
  const typeable = (o: CommandOption): boolean => o.type !== 'attachment' || readers.attachment !== undefined;
  const all = tokens(trimmed);
  const args: Args = {};
  let options = command.options ?? [];
  let rest = all;
  if (command.subcommands?.length) {
    const first = rest[0]?.text.toLowerCase();
    const sub = command.subcommands.find((s) => s.name === first);
    if (!sub) return { ok: false, problem: first ? problem(lang, 'subcommand', first) : '' };
    args.subcommand = sub.name;
    options = sub.options;
    rest = rest.slice(1);
  }
  // `version:3` names its option, as Discord and the console write it (and the bot's own hints do).
  rest = rest.filter((token) => {
    const named = /^([a-z][\w-]*)[:=](.+)$/i.exec(token.text);
    const option = named && options.find((o) => o.name === named[1]!.toLowerCase() && typeable(o));
    if (!option || args[option.name] !== undefined) return true;
    const value = convert(option, named[2]!, readers);
    if (value === undefined) return true;
    args[option.name] = value;
    return false;
  });
  const typed = options.filter((o) => typeable(o) && args[o.name] === undefined);
  for (const [i, option] of typed.entries()) {
    // `/quiz lesson 7`, `/lesson 수업 7`: the keyword is dropped, the number read.
    if (isLessonNumber(option) && rest[0] && LESSON_KEYWORD.test(rest[0].text)) rest = rest.slice(1);
    const token = rest[0];
    if (!token) break;
    const isLast = i === typed.length - 1;
    // The last free-text option takes the rest of the line, so answers may contain spaces.
    const raw = option.type === 'string' && isLast ? trimmed.slice(token.index) : token.text;
    const value = convert(option, raw, readers);
    if (value === undefined) {
      const outOfRange = option.type === 'integer' && readInteger(option, raw) !== undefined;
      return { ok: false, problem: problem(lang, outOfRange ? 'range' : option.type, raw, option) };
    }
    args[option.name] = value;
    rest = option.type === 'string' && isLast ? [] : rest.slice(1);
  }
  if (rest.length) return { ok: false, problem: problem(lang, 'extra', rest.map((t) => t.text).join(' ')) };
  const attachment = options.find((o) => o.type === 'attachment' && o.required && !typeable(o));
  if (attachment && readers.noAttachment) return { ok: false, problem: readers.noAttachment[lang] };
  const missing = options.find((o) => o.required && args[o.name] === undefined);
  if (missing) return { ok: false, problem: problem(lang, 'missing', missing.name, missing) };
  return { ok: true, args };
}

function convert(option: CommandOption, raw: string, readers: TypedReaders): string | number | AttachmentRef | undefined {
  if (option.type === 'attachment') return readers.attachment?.(raw);
  let value: string | number | undefined = raw;
  if (option.type === 'integer') {
    value = readInteger(option, raw);
    if (value === undefined) return undefined;
    if (option.minValue !== undefined && value < option.minValue) return undefined;
    if (option.maxValue !== undefined && value > option.maxValue) return undefined;
  }
  if (option.type === 'user') value = readers.user(raw);
  if (value !== undefined && option.choices?.length) {
    const lower = String(value).toLowerCase();
    const choice = option.choices.find((c) => String(c.value).toLowerCase() === lower || c.name.en.toLowerCase() === lower || c.name.ko === String(value));
    value = choice?.value;
  }
  return value;
}

function problem(lang: Language, kind: string, raw: string, option?: CommandOption): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 39)}…` : raw;
  const name = option?.name ?? '';
  const range = option?.minValue !== undefined && option.maxValue !== undefined ? ` (${option.minValue}–${option.maxValue})` : '';
  const ko: Record<string, string> = {
    subcommand: `\`${shown}\`은(는) 알 수 없는 하위 명령입니다.`,
    integer: `<${name}>에는 숫자${range}를 넣어 주세요. \`${shown}\`은(는) 쓸 수 없습니다.`,
    user: `<${name}>에는 @멘션으로 멤버를 지정해 주세요. \`${shown}\`은(는) 멤버가 아닙니다.`,
    string: `\`${shown}\`은(는) <${name}>에 쓸 수 없는 값입니다.`,
    extra: `\`${shown}\`은(는) 이 명령에 필요하지 않습니다.`,
    missing: `<${name}> 값이 필요합니다.`,
    range: `<${name}>에 \`${shown}\`은(는) 쓸 수 없습니다. ${bounds(option, 'ko')}`,
  };
  const en: Record<string, string> = {
    subcommand: `\`${shown}\` is not one of this command's subcommands.`,
    integer: `<${name}> needs a number${range}; \`${shown}\` isn't one.`,
    user: `<${name}> needs a member, as an @mention; \`${shown}\` isn't one.`,
    string: `\`${shown}\` isn't a valid <${name}>.`,
    extra: `\`${shown}\` is more than this command takes.`,
    missing: `<${name}> is required.`,
    range: `\`${shown}\` is out of range for <${name}>: ${bounds(option, 'en')}.`,
  };
  return (lang === 'ko' ? ko : en)[kind] ?? '';
}

function bounds(option: CommandOption | undefined, lang: Language): string {
  const min = option?.minValue;
  const max = option?.maxValue;
  if (lang === 'ko')
    return min !== undefined && max !== undefined
      ? `${min}부터 ${max}까지 쓸 수 있습니다.`
      : min !== undefined
        ? `${min} 이상이어야 합니다.`
        : `${max} 이하여야 합니다.`;
  return min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
}
