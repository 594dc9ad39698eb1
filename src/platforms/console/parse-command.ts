// Turns "/quiz 7" or "/model activate version:3" into a command name and arguments. The name is
// the line's first word; the rest is read by the typed-command parser every text platform shares
// (so `/quiz ７`, `/quiz 7강` and `/lesson 수업 7과` read here as they do on Slack), with the
// console's own ways to name a member (their name) and a photo (a file path).
import type { Args, Command } from '../../app/command.ts';
import type { AttachmentRef } from '../../core/context.ts';
import type { Language } from '../../core/reply.ts';
import { parseTypedArgs } from '../shared/typed-command.ts';

type ToAttachment = (path: string) => AttachmentRef;

export type Parsed = { ok: true; name: string; args: Args } | { ok: false; error: string };

export function parseCommandLine(line: string, find: (name: string) => Command | undefined, toAttachment: ToAttachment, lang: Language): Parsed {
  const typed = line.normalize('NFKC').trim().replace(/^\//, '');
  const [head = '', text = ''] = /^(\S*)\s*(.*)$/s.exec(typed)?.slice(1) ?? [];
  const name = head.toLowerCase();
  const command = find(name);
  if (!command) return { ok: true, name, args: {} }; // the dispatcher answers unknown commands
  const parsed = parseTypedArgs(command, text, lang, { user: (raw) => raw, attachment: toAttachment });
  return parsed.ok
    ? { ok: true, name, args: parsed.args }
    : { ok: false, error: parsed.problem || `/${name} ${(command.subcommands ?? []).map((s) => s.name).join(' | ')}` };
}
