// The parts of a command definition that platforms read (names, descriptions, options, menus),
// and Discord's and Slack's rules for them, checked by defineCommand so that a name or a
// description a platform would refuse fails where the command is written, not at deploy time or
// when Slack rejects the manifest. Limits: Discord's application-command docs, Slack's manifest
// reference (@slack/web-api's manifest types).
import type { Language, Localized } from '../core/reply.ts';

export type OptionType = 'string' | 'integer' | 'user' | 'attachment';

/**
 * A name in other languages than English, shown by platforms that localize names (Discord shows
 * `ko` to Korean clients). Every platform still routes by the English `name`.
 */
export type LocalNames = Partial<Record<Exclude<Language, 'en'>, string>>;

export interface CommandOption {
  /** Lower-case, no spaces: the name Discord shows and the console and Slack parse. */
  name: string;
  names?: LocalNames;
  description: Localized;
  type: OptionType;
  required?: boolean;
  choices?: { name: Localized; value: string | number }[];
  minValue?: number;
  maxValue?: number;
}

export interface Subcommand {
  name: string;
  names?: LocalNames;
  description: Localized;
  options: CommandOption[];
}

/** "Classify food photo" on a message: the message's first photo goes to the command's attachment option. */
export interface MessageMenu {
  /** The label members see (Discord allows spaces and capitals here, up to 32 characters). */
  label: Localized;
}

export interface MessageShortcut extends MessageMenu {
  /** Slack's callback_id for the shortcut (the manifest and the listener share it). */
  callbackId: string;
  description: Localized;
}

/** What the rules read of a command (src/app/command.ts's Command has all of it). */
export interface CommandShape {
  name: string;
  names?: LocalNames;
  description: Localized;
  options?: CommandOption[];
  subcommands?: Subcommand[];
  surfaces?: { messageMenu?: MessageMenu; shortcut?: MessageShortcut };
  actions?: Record<string, unknown>;
}

/** Discord's pattern for slash-command, subcommand and option names (and their localizations). */
const DISCORD_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const DESCRIPTION_MAX = 100;
const OPTIONS_MAX = 25;
const CHOICES_MAX = 25;
const CHOICE_NAME_MAX = 100;
const CHOICE_VALUE_MAX = 100;
/** A message menu's name may hold spaces and capitals, 1–32 characters. */
const MENU_NAME_MAX = 32;
/** Slack: "/name" at most 32 characters, so the name 31. */
const SLACK_COMMAND_MAX = 31;
const SLACK_CALLBACK_ID_MAX = 255;
const SLACK_SHORTCUT_DESCRIPTION_MAX = 150;

const length = (text: string): number => [...text].length;

class CommandRules {
  private readonly problems: string[] = [];
  constructor(private readonly command: string) {}

  fail(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  name(where: string, name: string, locals: LocalNames | undefined): void {
    for (const [lang, value] of [['en', name], ...Object.entries(locals ?? {})] as [string, string][]) {
      if (!DISCORD_NAME.test(value)) this.fail(where, `name "${value}" (${lang}) must be 1–32 letters, digits, "-" or "_" (Discord)`);
      else if (value !== value.toLowerCase()) this.fail(where, `name "${value}" (${lang}) must be lower-case (Discord, Slack)`);
    }
  }

  text(where: string, what: string, text: Localized, max: number): void {
    for (const lang of ['ko', 'en'] as const) {
      const size = length(text[lang] ?? '');
      if (size < 1 || size > max) this.fail(where, `${what} (${lang}) must be 1–${max} characters, is ${size}`);
    }
  }

  options(where: string, options: readonly CommandOption[]): void {
    if (options.length > OPTIONS_MAX) this.fail(where, `at most ${OPTIONS_MAX} options (Discord), has ${options.length}`);
    this.unique(
      where,
      'option',
      options.map((o) => o.name),
    );
    for (const option of options) {
      const at = `${where} option "${option.name}"`;
      this.name(at, option.name, option.names);
      this.text(at, 'description', option.description, DESCRIPTION_MAX);
      if ((option.minValue !== undefined || option.maxValue !== undefined) && option.type !== 'integer')
        this.fail(at, 'minValue and maxValue are for integer options');
      if (option.choices && option.type !== 'string' && option.type !== 'integer') this.fail(at, 'choices are for string and integer options');
      const choices = option.choices ?? [];
      if (choices.length > CHOICES_MAX) this.fail(at, `at most ${CHOICES_MAX} choices (Discord), has ${choices.length}`);
      for (const choice of choices) {
        this.text(`${at} choice "${choice.value}"`, 'name', choice.name, CHOICE_NAME_MAX);
        if (option.type === 'integer' && !Number.isInteger(choice.value)) this.fail(at, `choice ${choice.value} is not an integer`);
        if (typeof choice.value === 'string' && length(choice.value) > CHOICE_VALUE_MAX) this.fail(at, `choice value longer than ${CHOICE_VALUE_MAX}`);
      }
    }
  }

  subcommands(subcommands: readonly Subcommand[]): void {
    if (subcommands.length > OPTIONS_MAX) this.fail('subcommands', `at most ${OPTIONS_MAX} (Discord), has ${subcommands.length}`);
    this.unique(
      'subcommands',
      'subcommand',
      subcommands.map((s) => s.name),
    );
    for (const sub of subcommands) {
      const at = `subcommand "${sub.name}"`;
      this.name(at, sub.name, sub.names);
      this.text(at, 'description', sub.description, DESCRIPTION_MAX);
      this.options(at, sub.options);
    }
  }

  menu(where: string, menu: MessageMenu): void {
    this.text(where, 'label', menu.label, MENU_NAME_MAX);
  }

  shortcut(shortcut: MessageShortcut): void {
    this.menu('shortcut', shortcut);
    this.text('shortcut', 'description', shortcut.description, SLACK_SHORTCUT_DESCRIPTION_MAX);
    if (!/^[\w.-]+$/.test(shortcut.callbackId) || shortcut.callbackId.length > SLACK_CALLBACK_ID_MAX) {
      this.fail('shortcut', `callbackId "${shortcut.callbackId}" must be 1–${SLACK_CALLBACK_ID_MAX} letters, digits, ".", "-" or "_"`);
    }
  }

  unique(where: string, what: string, names: string[]): void {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) this.fail(where, `two ${what}s are named "${name}"`);
      seen.add(name);
    }
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new Error(`command /${this.command} breaks a platform's rules:\n- ${this.problems.join('\n- ')}`);
  }
}

export function checkCommand(command: CommandShape): void {
  const rules = new CommandRules(command.name);
  rules.name('name', command.name, command.names);
  if (length(command.name) > SLACK_COMMAND_MAX) rules.fail('name', `at most ${SLACK_COMMAND_MAX} characters after the "/" (Slack)`);
  rules.text('command', 'description', command.description, DESCRIPTION_MAX);
  if (command.subcommands?.length && command.options?.length) rules.fail('command', 'has both options and subcommands (Discord allows one or the other)');
  if (command.subcommands?.length) rules.subcommands(command.subcommands);
  rules.options('command', command.options ?? []);
  const surfaces = command.surfaces ?? {};
  if (surfaces.messageMenu) rules.menu('messageMenu', surfaces.messageMenu);
  if (surfaces.shortcut) rules.shortcut(surfaces.shortcut);
  if ((surfaces.messageMenu || surfaces.shortcut) && !command.options?.some((o) => o.type === 'attachment')) {
    rules.fail('surfaces', 'a message menu or shortcut needs an attachment option for the photo');
  }
  for (const verb of Object.keys(command.actions ?? {})) {
    if (verb.includes(':')) rules.fail(`action "${verb}"`, 'an action verb may not contain ":" (action ids)');
  }
  rules.throwIfAny();
}
