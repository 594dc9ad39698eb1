// The Web API methods the bot uses, answered the way Slack answers them: `{ ok: true, ... }` or
// `{ ok: false, error }` with Slack's error codes, after checking the arguments Slack requires.
import { validateBlocks, validateView } from './block-kit.ts';
import type { HostedFile, OpenView, SlackUser, StoredMessage, UploadedFile } from './types.ts';

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
  }
}

export interface WorkspaceState {
  teamId: string;
  botUserId: string;
  botId: string;
  baseUrl(): string;
  users: Map<string, SlackUser>;
  files: Map<string, HostedFile>;
  uploads: Map<string, UploadedFile>;
  messages: StoredMessage[];
  views: Map<string, OpenView>;
  /** Users the bot can't open a DM with, and the error Slack gives. */
  closedDms: Map<string, string>;
  /** Channels the bot is not a member of. */
  channelsWithoutBot: Set<string>;
  /** Channel id to its members' user ids (conversations.members); unknown channels are not found. */
  channelMembers: Map<string, string[]>;
  nextId(prefix: string): string;
  nextTs(): string;
}

type Args = Record<string, unknown>;
type Method = (state: WorkspaceState, args: Args) => Record<string, unknown>;

function required(args: Args, ...keys: string[]): void {
  for (const key of keys) {
    const value = args[key];
    if (value === undefined || value === '') throw new SlackApiError(key === 'channel' ? 'channel_not_found' : 'invalid_arguments', [`missing ${key}`]);
  }
}

function checkBlocks(args: Args): void {
  if (args.blocks === undefined) return;
  const problems = validateBlocks(args.blocks);
  if (problems.length) throw new SlackApiError('invalid_blocks', problems);
}

function checkMessageContent(args: Args): void {
  const hasText = typeof args.text === 'string' && args.text.length > 0;
  const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
  if (!hasText && !hasBlocks && args.attachments === undefined) throw new SlackApiError('no_text');
  if (typeof args.text === 'string' && args.text.length > 40000) throw new SlackApiError('msg_too_long');
  checkBlocks(args);
}

function checkChannel(state: WorkspaceState, channel: string): void {
  if (state.channelsWithoutBot.has(channel)) throw new SlackApiError('not_in_channel');
}

function message(state: WorkspaceState, args: Args, extra: Partial<StoredMessage> = {}): StoredMessage {
  const stored: StoredMessage = {
    channel: String(args.channel),
    ts: state.nextTs(),
    ...(typeof args.text === 'string' ? { text: args.text } : {}),
    ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
    ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
    ...extra,
  };
  state.messages.push(stored);
  return stored;
}

function viewResult(state: WorkspaceState, id: string, view: Args): Record<string, unknown> {
  return { ok: true, view: { ...view, id, team_id: state.teamId, app_id: 'A0DOUBLE', bot_id: state.botId } };
}

function storeView(state: WorkspaceState, view: unknown, id = state.nextId('V')): Record<string, unknown> {
  const problems = validateView(view);
  if (problems.length) throw new SlackApiError('invalid_arguments', problems);
  const existing = state.views.get(id);
  const stored: OpenView = existing ?? { id, view: view as Args, history: [] };
  stored.view = view as Args;
  stored.history.push(view as Args);
  state.views.set(id, stored);
  return viewResult(state, id, view as Args);
}

function userPayload(state: WorkspaceState, user: SlackUser, withLocale: boolean): Record<string, unknown> {
  const { locale, display_name, real_name, ...rest } = user;
  return {
    ...rest,
    team_id: user.team_id ?? state.teamId,
    real_name: real_name ?? user.name,
    is_admin: user.is_admin ?? false,
    is_owner: user.is_owner ?? false,
    is_primary_owner: user.is_primary_owner ?? false,
    is_bot: user.is_bot ?? false,
    profile: { display_name: display_name ?? '', real_name: real_name ?? user.name },
    ...(withLocale && locale ? { locale } : {}),
  };
}

export function filePayload(file: HostedFile): Record<string, unknown> {
  return {
    id: file.id,
    name: file.name,
    title: file.name,
    mimetype: file.mimetype,
    filetype: file.filetype,
    size: file.size,
    url_private: file.url_private,
    url_private_download: `${file.url_private}?download=1`,
    mode: 'hosted',
    is_external: false,
  };
}

export const METHODS: Record<string, Method> = {
  'auth.test': (state) => ({
    ok: true,
    url: 'https://double.slack.test/',
    team: 'Double Workspace',
    user: 'foodvision',
    team_id: state.teamId,
    user_id: state.botUserId,
    bot_id: state.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (state, args) => {
    required(args, 'channel');
    checkMessageContent(args);
    checkChannel(state, String(args.channel));
    const stored = message(state, args);
    return { ok: true, channel: stored.channel, ts: stored.ts, message: { ...stored, bot_id: state.botId } };
  },

  'chat.postEphemeral': (state, args) => {
    required(args, 'channel', 'user');
    checkMessageContent(args);
    checkChannel(state, String(args.channel));
    const stored = message(state, args, { ephemeralFor: String(args.user) });
    return { ok: true, message_ts: stored.ts };
  },

  'chat.update': (state, args) => {
    required(args, 'channel', 'ts');
    checkMessageContent(args);
    const stored = state.messages.find((m) => m.channel === args.channel && m.ts === args.ts && !m.ephemeralFor);
    if (!stored) throw new SlackApiError('message_not_found');
    if (typeof args.text === 'string') stored.text = args.text;
    if (Array.isArray(args.blocks)) stored.blocks = args.blocks;
    return { ok: true, channel: stored.channel, ts: stored.ts, text: stored.text ?? '' };
  },

  'conversations.open': (state, args) => {
    required(args, 'users');
    const users = String(args.users).split(',');
    for (const user of users) {
      const refusal = state.closedDms.get(user);
      if (refusal) throw new SlackApiError(refusal);
      if (!state.users.has(user)) throw new SlackApiError('user_not_found');
    }
    return { ok: true, channel: { id: `D${users.join('')}` } };
  },

  'views.open': (state, args) => {
    required(args, 'trigger_id', 'view');
    if (!String(args.trigger_id).includes('.')) throw new SlackApiError('invalid_trigger_id');
    return storeView(state, args.view);
  },

  'views.update': (state, args) => {
    required(args, 'view');
    const id = String(args.view_id ?? '');
    if (!state.views.has(id)) throw new SlackApiError('not_found');
    return storeView(state, args.view, id);
  },

  'views.push': (state, args) => {
    required(args, 'trigger_id', 'view');
    return storeView(state, args.view);
  },

  // Slack pages with an opaque cursor, `limit` at most 1000 (default 100); channels the bot is
  // not in answer not_in_channel for private ones, so the double answers that for both.
  'conversations.members': (state, args) => {
    required(args, 'channel');
    const channel = String(args.channel);
    const members = state.channelMembers.get(channel);
    if (!members) throw new SlackApiError('channel_not_found');
    if (state.channelsWithoutBot.has(channel)) throw new SlackApiError('not_in_channel');
    const limit = Math.min(1000, Math.max(1, Number(args.limit ?? 100)));
    const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString().replace('offset:', '')) : 0;
    if (!Number.isInteger(start) || start < 0) throw new SlackApiError('invalid_cursor');
    const page = members.slice(start, start + limit);
    const next = start + limit < members.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
    return { ok: true, members: page, response_metadata: { next_cursor: next } };
  },

  'users.info': (state, args) => {
    required(args, 'user');
    const user = state.users.get(String(args.user));
    if (!user) throw new SlackApiError('user_not_found');
    const withLocale = args.include_locale === true || args.include_locale === 'true';
    return { ok: true, user: userPayload(state, user, withLocale) };
  },

  'files.info': (state, args) => {
    required(args, 'file');
    const file = state.files.get(String(args.file));
    if (!file) throw new SlackApiError('file_not_found');
    return { ok: true, file: filePayload(file) };
  },

  'files.getUploadURLExternal': (state, args) => {
    required(args, 'filename', 'length');
    const length = Number(args.length);
    if (!Number.isInteger(length) || length <= 0) throw new SlackApiError('invalid_arguments', ['length must be a positive integer']);
    const id = state.nextId('F');
    state.uploads.set(id, { id, filename: String(args.filename), length });
    return { ok: true, upload_url: `${state.baseUrl()}/upload/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (state, args) => {
    required(args, 'files');
    const files = args.files;
    if (!Array.isArray(files) || files.length === 0) throw new SlackApiError('invalid_arguments', ['files must be a JSON array']);
    const done = files.map((entry) => {
      const { id, title } = entry as { id?: string; title?: string };
      const upload = id ? state.uploads.get(id) : undefined;
      if (!upload?.bytes) throw new SlackApiError('file_not_found', [`file ${id} was not uploaded`]);
      if (upload.bytes.length !== upload.length) throw new SlackApiError('file_upload_size_mismatch');
      upload.completed = {
        ...(typeof args.channel_id === 'string' ? { channel_id: args.channel_id } : {}),
        ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
        ...(typeof args.initial_comment === 'string' ? { initial_comment: args.initial_comment } : {}),
        ...(title ? { title } : {}),
      };
      if (typeof args.channel_id === 'string') checkChannel(state, args.channel_id);
      return { id: upload.id, name: upload.filename, title: title ?? upload.filename, size: upload.length };
    });
    return { ok: true, files: done };
  },
};
