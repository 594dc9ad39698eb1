// The shape of a command, defined once under commands/ and registered by every platform adapter.
import type { AttachmentRef, CallerRef, Invocation, ResolvedCaller, Role } from '../core/context.ts';
import type { Language, Localized, Replies } from '../core/reply.ts';
import type { Services } from './services.ts';

export type { Localized };

export type OptionType = 'string' | 'integer' | 'user' | 'attachment';

export interface CommandOption {
  /** Lower-case, no spaces: the name Discord shows and the console and Slack parse. */
  name: string;
  description: Localized;
  type: OptionType;
  required?: boolean;
  choices?: { name: Localized; value: string | number }[];
  minValue?: number;
  maxValue?: number;
}

export interface Subcommand {
  name: string;
  description: Localized;
  options: CommandOption[];
}

export type Args = Record<string, string | number | AttachmentRef | undefined> & { subcommand?: string };

export interface CommandContext extends Invocation {
  caller: CallerRef & ResolvedCaller;
  lang: Language;
  services: Services;
  /** Picks the caller's language from a pair written side by side. */
  t(text: Localized): string;
}

/** A reusable rule checked before a handler runs (Sapphire's preconditions). Throws UserError. */
export interface Precondition {
  name: string;
  check(ctx: CommandContext, commandName: string): Promise<void> | void;
}

export interface ActionInput {
  /** The parts of the action id after `command:verb:`. */
  params: string[];
  /** Chosen values of a select menu. */
  values?: string[];
  /** Text typed into a prompt (modal). */
  text?: string;
}

export interface ActionHandler {
  preconditions?: Precondition[];
  run(ctx: CommandContext, input: ActionInput): Promise<Replies>;
}

export interface Command {
  name: string;
  description: Localized;
  /** Options of a command without subcommands. */
  options?: CommandOption[];
  subcommands?: Subcommand[];
  /** Who may see the command in platform menus; the preconditions enforce it on the server. */
  requiredRole: Role;
  preconditions?: Precondition[];
  /** May be used in a DM, where there is no class channel (e.g. the quiz). */
  allowInDm?: boolean;
  run(ctx: CommandContext, args: Args): Promise<Replies>;
  /** Button, select and prompt handlers: action id `${name}:${verb}:${params...}`. */
  actions?: Record<string, ActionHandler>;
}

/** Something an adapter feeds every posted message with an attachment (photo channels). */
export interface AttachmentListener {
  name: string;
  handle(ctx: CommandContext, attachments: AttachmentRef[]): Promise<Replies | null>;
}

/**
 * Something an adapter feeds every message a member types to the bot in their DM that is not a
 * slash command (Discord and Slack DMs, a console line that is no command, button or prompt).
 */
export interface TextListener {
  name: string;
  handle(ctx: CommandContext, text: string): Promise<Replies | null>;
}

export function defineCommand(command: Command): Command {
  return command;
}
