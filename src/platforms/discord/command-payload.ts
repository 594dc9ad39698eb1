// The registration payload Discord needs (PUT .../commands), built from the same command
// definitions every platform uses, with each definition's Korean names and Korean and English
// descriptions as Discord localizations, and a message menu for each command that asks for one.
// Instructor commands are hidden from students by default (default_member_permissions: Manage
// Server); server admins can widen that per role, and the core checks every call regardless.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { isSlash, type Command, type CommandOption, type LocalNames, type Localized } from '../../app/command.ts';

/** Discord still sends the English name with every interaction, so routing never depends on these. */
function localNames(names: LocalNames | undefined): { name_localizations?: { ko: string } } {
  return names?.ko ? { name_localizations: { ko: names.ko } } : {};
}

/** The command a message menu labelled `label` (its English label, as Discord sends it) runs. */
export function messageMenuCommand(commands: readonly Command[], label: string): Command | undefined {
  return commands.find((command) => command.surfaces?.messageMenu?.label.en === label);
}

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  user: ApplicationCommandOptionType.User,
  attachment: ApplicationCommandOptionType.Attachment,
} as const;

/** Lengths were checked when the command was defined (command-shape.ts). */
function description(text: Localized): { description: string; description_localizations: LocalizationMap } {
  return { description: text.en, description_localizations: { ko: text.ko, 'en-US': text.en, 'en-GB': text.en } };
}

function option(definition: CommandOption): APIApplicationCommandBasicOption {
  const base = { name: definition.name, ...localNames(definition.names), ...description(definition.description), required: definition.required ?? false };
  const type = OPTION_TYPES[definition.type];
  if (type === ApplicationCommandOptionType.Integer) {
    return {
      ...base,
      type,
      ...(definition.minValue !== undefined ? { min_value: definition.minValue } : {}),
      ...(definition.maxValue !== undefined ? { max_value: definition.maxValue } : {}),
      ...(definition.choices
        ? { choices: definition.choices.map((c) => ({ name: c.name.en, name_localizations: { ko: c.name.ko }, value: Number(c.value) })) }
        : {}),
    };
  }
  if (type === ApplicationCommandOptionType.String) {
    return {
      ...base,
      type,
      ...(definition.choices
        ? { choices: definition.choices.map((c) => ({ name: c.name.en, name_localizations: { ko: c.name.ko }, value: String(c.value) })) }
        : {}),
    };
  }
  return { ...base, type };
}

/** Discord wants required options before optional ones. */
function options(list: CommandOption[] = []): APIApplicationCommandBasicOption[] {
  return [...list].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(option);
}

export function commandPayload(commands: readonly Command[]): RESTPutAPIApplicationCommandsJSONBody {
  const slash = commands.filter(isSlash).map(
    (command): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
      type: ApplicationCommandType.ChatInput,
      name: command.name,
      ...localNames(command.names),
      ...description(command.description),
      options: command.subcommands?.length
        ? command.subcommands.map(
            (sub): APIApplicationCommandSubcommandOption => ({
              type: ApplicationCommandOptionType.Subcommand,
              name: sub.name,
              ...localNames(sub.names),
              ...description(sub.description),
              options: options(sub.options),
            }),
          )
        : options(command.options),
      default_member_permissions: command.requiredRole === 'instructor' ? PermissionFlagsBits.ManageGuild.toString() : null,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: command.allowInDm ? [InteractionContextType.Guild, InteractionContextType.BotDM] : [InteractionContextType.Guild],
    }),
  );
  const menus = commands.flatMap((command): RESTPostAPIContextMenuApplicationCommandsJSONBody[] => {
    const menu = command.surfaces?.messageMenu;
    if (!menu) return [];
    return [
      {
        type: ApplicationCommandType.Message,
        name: menu.label.en,
        name_localizations: { ko: menu.label.ko },
        integration_types: [ApplicationIntegrationType.GuildInstall],
        contexts: [InteractionContextType.Guild],
      },
    ];
  });
  return [...slash, ...menus];
}
