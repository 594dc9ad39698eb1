// Turns "/quiz 7" or "/model activate version:3" into a command name and arguments, using the
// command's own definition: named `option:value` first, the rest by position.
import type { Args, Command, CommandOption } from '../../app/command.ts';
import type { AttachmentRef } from '../../core/context.ts';

type ToAttachment = (path: string) => AttachmentRef;

export type Parsed = { ok: true; name: string; args: Args } | { ok: false; error: string };

export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  return tokens;
}

export function parseCommandLine(line: string, find: (name: string) => Command | undefined, toAttachment: ToAttachment): Parsed {
  const [head, ...rest] = tokenize(line.trim().replace(/^\//, ''));
  const name = head?.toLowerCase() ?? '';
  const command = find(name);
  if (!command) return { ok: true, name, args: {} }; // the dispatcher answers unknown commands
  const args: Args = {};
  let options = command.options ?? [];
  if (command.subcommands?.length) {
    const sub = command.subcommands.find((candidate) => candidate.name === rest[0]?.toLowerCase());
    if (!sub) {
      return { ok: false, error: `/${name} ${command.subcommands.map((s) => s.name).join(' | ')}` };
    }
    rest.shift();
    args.subcommand = sub.name;
    options = sub.options;
  }
  const positional: string[] = [];
  for (const token of rest) {
    const named = /^([a-z][\w-]*)[:=](.*)$/i.exec(token);
    const option = named && options.find((candidate) => candidate.name === named[1]?.toLowerCase());
    if (named && option) {
      const converted = convert(option, named[2] ?? '', toAttachment);
      if (!converted.ok) return converted;
      args[option.name] = converted.value;
    } else positional.push(token);
  }
  for (const option of options.filter((candidate) => args[candidate.name] === undefined)) {
    const token = positional.shift();
    if (token === undefined) break;
    // The last free-text option takes the rest of the line, so answers may contain spaces.
    const raw = option.type === 'string' && positional.length > 0 && isLastOpen(options, option, args) ? [token, ...positional.splice(0)].join(' ') : token;
    const converted = convert(option, raw, toAttachment);
    if (!converted.ok) return converted;
    args[option.name] = converted.value;
  }
  const missing = options.find((option) => option.required && args[option.name] === undefined);
  if (missing) return { ok: false, error: `/${name}: ${missing.name} ${missing.description.en.toLowerCase()}` };
  return { ok: true, name, args };
}

function isLastOpen(options: CommandOption[], option: CommandOption, args: Args): boolean {
  const open = options.filter((candidate) => args[candidate.name] === undefined);
  return open[open.length - 1] === option;
}

function convert(
  option: CommandOption,
  raw: string,
  toAttachment: ToAttachment,
): { ok: true; value: string | number | AttachmentRef } | { ok: false; error: string } {
  if (option.type === 'attachment') return { ok: true, value: toAttachment(raw) };
  if (option.type !== 'integer') return { ok: true, value: raw };
  const value = Number(raw);
  if (!Number.isInteger(value)) return { ok: false, error: `${option.name}: "${raw}" is not a whole number` };
  return { ok: true, value };
}
