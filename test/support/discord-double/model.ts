// The double's world: guilds, channels, people and messages, kept as Discord's own JSON shapes so
// the gateway and REST handlers can hand them to discord.js unchanged.
import { snowflake } from './snowflake.ts';

export type Json = Record<string, unknown>;

export interface DoubleUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface DoubleRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
}

export interface DoubleGuild {
  id: string;
  name: string;
  roles: DoubleRole[];
  channels: DoubleChannel[];
  /** Announced over the gateway at start (GUILD_CREATE); false = the bot has never seen it. */
  announced: boolean;
}

export interface DoubleChannel {
  id: string;
  type: 0 | 1;
  name?: string;
  guild_id?: string;
  /** DM channels: the member on the other side. */
  recipient?: DoubleUser;
}

export interface Person {
  user: DoubleUser;
  locale: string;
  /** Guild member data; absent for someone the tests only use in DMs. */
  roles: string[];
  /** Permission bits as Discord sends them in `member.permissions` (a decimal string). */
  permissions: string;
  nick?: string;
  /** Sending to this person's DM answers 50007 (Cannot send messages to this user). */
  dmsClosed?: boolean;
}

export interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  data: Uint8Array;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: DoubleUser;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: StoredFile[];
  flags: number;
  message_reference?: Json;
  /** The interaction whose response this message is, if any. */
  interactionId?: string;
  timestamp: string;
  editCount: number;
  deleted?: boolean;
}

export const EPHEMERAL = 1 << 6;
export const LOADING = 1 << 7;

/** Permission bits used by the tests (see Discord's permission table). */
export const Permission = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  ManageGuild: 1n << 5n,
  Administrator: 1n << 3n,
} as const;

/** What @everyone may do in a new Discord server: no Manage Server, no Administrator. */
export const DEFAULT_MEMBER_PERMISSIONS = '2248473465835073';

export const STUDENT_PERMISSIONS = (
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.ReadMessageHistory |
  Permission.UseApplicationCommands
).toString();

export function makeUser(username: string, bot = false): DoubleUser {
  return { id: snowflake(), username, global_name: bot ? null : username, discriminator: '0', avatar: null, ...(bot ? { bot } : {}) };
}

export function memberJson(person: Person, guild: DoubleGuild): Json {
  return {
    user: person.user,
    nick: person.nick ?? null,
    avatar: null,
    roles: person.roles,
    joined_at: new Date(Number((BigInt(guild.id) >> 22n) + 1420070400000n)).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: person.permissions,
    communication_disabled_until: null,
  };
}

export function channelJson(channel: DoubleChannel): Json {
  if (channel.type === 1) {
    return { id: channel.id, type: 1, last_message_id: null, flags: 0, recipients: channel.recipient ? [channel.recipient] : [] };
  }
  return {
    id: channel.id,
    type: 0,
    guild_id: channel.guild_id,
    name: channel.name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

export function roleJson(role: DoubleRole): Json {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function guildJson(guild: DoubleGuild, members: Json[]): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '0',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(roleJson),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: members.length,
    members,
    channels: guild.channels.map(channelJson),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function messageJson(message: StoredMessage, cdnBase: string): Json {
  return {
    id: message.id,
    type: message.message_reference ? 19 : 0,
    channel_id: message.channel_id,
    ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    author: message.author,
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editCount > 0 ? new Date().toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments.map((file) => attachmentJson(file, message.channel_id, cdnBase)),
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    flags: message.flags,
    ...(message.message_reference ? { message_reference: message.message_reference } : {}),
  };
}

export function attachmentJson(file: StoredFile, channelId: string, cdnBase: string): Json {
  const url = `${cdnBase}/attachments/${channelId}/${file.id}/${encodeURIComponent(file.filename)}`;
  return {
    id: file.id,
    filename: file.filename,
    size: file.size,
    url,
    proxy_url: url,
    content_type: file.contentType,
  };
}
