// The registration payload Discord needs (PUT .../commands), built from the same command
// definitions every platform uses, with Korean names and Korean and English descriptions as
// Discord localizations.
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
import type { Command, CommandOption, Localized } from '../../app/command.ts';
import { koreanName } from './korean-names.ts';

/** Commands that may take longer than Discord's 3 seconds: deferred before any work starts. */
export const SLOW_COMMANDS: ReadonlySet<string> = new Set(['predict', 'model', 'report']);

/** The message context-menu command that sends a message's photo to /predict. */
export const CLASSIFY_PHOTO_MENU = { name: 'Classify food photo', ko: '음식 사진 분류하기' } as const;

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  user: ApplicationCommandOptionType.User,
  attachment: ApplicationCommandOptionType.Attachment,
} as const;

const DESCRIPTION_MAX = 100;

function description(text: Localized): { description: string; description_localizations: LocalizationMap } {
  const clip = (s: string): string => ([...s].length <= DESCRIPTION_MAX ? s : `${[...s].slice(0, DESCRIPTION_MAX - 1).join('')}…`);
  return { description: clip(text.en), description_localizations: { ko: clip(text.ko), 'en-US': clip(text.en), 'en-GB': clip(text.en) } };
}

function option(definition: CommandOption): APIApplicationCommandBasicOption {
  const base = { name: definition.name, ...koreanName(definition.name), ...description(definition.description), required: definition.required ?? false };
  const type = OPTION_TYPES[definition.type];
  if (type === ApplicationCommandOptionType.Integer) {
    return {
      ...base,
      type,
      ...(definition.minValue !== undefined ? { min_value: definition.minValue } : {}),
      ...(definition.maxValue !== undefined ? { max_value: definition.maxValue } : {}),
      ...(definition.choices ? { choices: definition.choices.map((c) => ({ name: c.name.en, name_localizations: { ko: c.name.ko }, value: Number(c.value) })) } : {}),
    };
  }
  if (type === ApplicationCommandOptionType.String) {
    return {
      ...base,
      type,
      ...(definition.choices ? { choices: definition.choices.map((c) => ({ name: c.name.en, name_localizations: { ko: c.name.ko }, value: String(c.value) })) } : {}),
    };
  }
  return { ...base, type };
}

/** Discord wants required options before optional ones. */
function options(list: CommandOption[] = []): APIApplicationCommandBasicOption[] {
  return [...list].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(option);
}

export function commandPayload(commands: readonly Command[]): RESTPutAPIApplicationCommandsJSONBody {
  const slash = commands.map((command): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    ...koreanName(command.name),
    ...description(command.description),
    options: command.subcommands?.length
      ? command.subcommands.map(
          (sub): APIApplicationCommandSubcommandOption => ({
            type: ApplicationCommandOptionType.Subcommand,
            name: sub.name,
            ...koreanName(sub.name),
            ...description(sub.description),
            options: options(sub.options),
          }),
        )
      : options(command.options),
    default_member_permissions: command.requiredRole === 'instructor' ? PermissionFlagsBits.ManageGuild.toString() : null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: command.allowInDm ? [InteractionContextType.Guild, InteractionContextType.BotDM] : [InteractionContextType.Guild],
  }));
  const withPhotos = commands.some((c) => c.name === 'predict');
  const menu: RESTPostAPIContextMenuApplicationCommandsJSONBody = {
    type: ApplicationCommandType.Message,
    name: CLASSIFY_PHOTO_MENU.name,
    name_localizations: { ko: CLASSIFY_PHOTO_MENU.ko },
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
  };
  return withPhotos ? [...slash, menu] : slash;
}
