// The Slack app manifest, generated from the command definitions so Slack's slash commands can't
// drift from what the dispatcher serves (a test compares the committed slack/manifest.json).
import type { webApi } from '@slack/bolt';
import { isSlash, type Command, type CommandOption } from '../../app/command.ts';

/** Where Slack sends commands, interactions and events; replaced with your host when you install. */
export const PLACEHOLDER_REQUEST_URL = 'https://foodvision.example.com/slack/events';

/** What the bot calls, and why (each scope is one the Web API methods below need). */
export const BOT_SCOPES = [
  'commands', // slash commands and the message shortcut
  'chat:write', // posts, ephemeral replies, updates
  'im:write', // conversations.open for the quiz in a DM
  'files:read', // files.info and url_private downloads of shared photos
  'files:write', // files.uploadV2: the class CSV, the confusion matrix
  'users:read', // users.info: admins and owners are instructors; display names; locale
  'channels:history', // message events with photos in public channels
  'groups:history', // ... and in private channels the bot was added to
  'channels:read', // conversations.members: /roster sync in a public channel
  'groups:read', // ... and in a private one
  'im:history', // message.im: what a member types in their DM with the bot gets an answer
] as const;

/** Photos are classified in photo channels, which are channels; what is typed in a DM is answered there. */
export const BOT_EVENTS = ['message.channels', 'message.groups', 'message.im'] as const;

function usageHint(command: Command): string {
  const options = (list: CommandOption[]) => list.filter((o) => o.type !== 'attachment').map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  if (command.subcommands?.length) return command.subcommands.map((s) => [s.name, ...options(s.options)].join(' ')).join(' | ');
  return options(command.options ?? []).join(' ');
}

/** Commands whose every option is a file can't be typed in Slack; the shortcut stands in for them. */
export function typeable(command: Command): boolean {
  if (!isSlash(command)) return false;
  if (command.subcommands?.length) return true;
  return !(command.options ?? []).some((o) => o.required && o.type === 'attachment');
}

/** Slack's own manifest type, so a misspelt or misplaced field fails type-checking. */
export type SlackManifest = webApi.AppsManifestCreateArguments['manifest'];

export function buildManifest(commands: readonly Command[], requestUrl = PLACEHOLDER_REQUEST_URL): SlackManifest {
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'FoodVision Classroom',
      description: 'Lesson 7 (transfer learning) with a quiz, a challenge and a food photo classifier.',
      long_description:
        'FoodVision Classroom teaches lesson 7 of the ML class, transfer learning, in Korean and English: the lesson paged per member, a quiz in DMs, a step-by-step challenge, progress and a leaderboard. Post a food photo in a photo channel and a TensorFlow.js classifier (a frozen ImageNet backbone with a 7-class head) answers in the thread. Instructors (workspace admins and owners, and members they add) train and roll back the model and download the class report.',
      background_color: '#2d3a4a',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'FoodVision', always_online: true },
      shortcuts: commands.flatMap((command) => {
        const shortcut = command.surfaces?.shortcut;
        return shortcut ? [{ name: shortcut.label.en, type: 'message' as const, callback_id: shortcut.callbackId, description: shortcut.description.en }] : [];
      }),
      slash_commands: commands.filter(typeable).map((command) => {
        const hint = usageHint(command);
        return {
          command: `/${command.name}`,
          url: requestUrl,
          description: `${command.description.en} · ${command.description.ko}`,
          ...(hint ? { usage_hint: hint } : {}),
          // Mentions arrive escaped as <@U123|name>, so /progress @member names a member id.
          should_escape: true,
        };
      }),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: requestUrl, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
