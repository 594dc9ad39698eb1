// Slack hands a slash command its text as one string (`7`, `activate 3`, `<@U123|kim>`); the
// shared typed-command parser reads it (as it reads the console's lines), with Slack's way of
// writing a member (an escaped mention) and no way to type a photo.
import type { Command, CommandOption } from '../../app/command.ts';
import type { Language } from '../../core/reply.ts';
import { parseTypedArgs, type ParsedText } from '../shared/typed-command.ts';
import { TEXTS } from './texts.ts';

export type { ParsedText };

/** `<@U123|kim>`, `<@U123>` (Slack's escaped mention) or a bare member id. */
export function readUserId(text: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? /^([UW][A-Z0-9]{5,})$/.exec(text)?.[1];
}

export function parseCommandText(command: Command, text: string, lang: Language): ParsedText {
  return parseTypedArgs(command, text, lang, { user: readUserId, noAttachment: TEXTS.attachmentOnly });
}

/** `/model activate <version>` lines with each option's description, in the member's language. */
export function usageText(command: Command, lang: Language): string {
  const line = (prefix: string, options: CommandOption[]) =>
    `\`/${[prefix, ...options.filter((o) => o.type !== 'attachment').map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ')}\``;
  const describe = (options: CommandOption[]) => options.filter((o) => o.type !== 'attachment').map((o) => `    • \`${o.name}\`: ${o.description[lang]}`);
  const lines = command.subcommands?.length
    ? command.subcommands.flatMap((s) => [`${line(`${command.name} ${s.name}`, s.options)}: ${s.description[lang]}`, ...describe(s.options)])
    : [`${line(command.name, command.options ?? [])}: ${command.description[lang]}`, ...describe(command.options ?? [])];
  return `*${TEXTS.usage[lang]}*\n${lines.join('\n')}`;
}
