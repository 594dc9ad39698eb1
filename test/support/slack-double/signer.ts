// Builds requests the way Slack sends them to an app's request URL and signs them with the
// signing secret: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`.
import { createHmac } from 'node:crypto';

export interface Actor {
  teamId: string;
  userId: string;
  userName?: string;
}

export interface SignOptions {
  /** Unix seconds; defaults to now. A value more than five minutes old must be refused. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  secret?: string;
  /** Slack's retry headers for events. */
  retryNum?: number;
  retryReason?: string;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function sign(secret: string, body: string, contentType: string, options: SignOptions = {}): SignedRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? secret, timestamp, body),
      ...(options.retryNum !== undefined ? { 'x-slack-retry-num': String(options.retryNum) } : {}),
      ...(options.retryReason !== undefined ? { 'x-slack-retry-reason': options.retryReason } : {}),
    },
  };
}

const FORM = 'application/x-www-form-urlencoded';

export function slashCommandForm(
  actor: Actor,
  command: { command: string; text: string; channelId: string; responseUrl: string; triggerId: string },
): { contentType: string; body: string } {
  const params = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: actor.teamId,
    team_domain: 'double',
    channel_id: command.channelId,
    channel_name: 'class',
    user_id: actor.userId,
    user_name: actor.userName ?? actor.userId.toLowerCase(),
    command: command.command,
    text: command.text,
    api_app_id: 'A0DOUBLE',
    is_enterprise_install: 'false',
    response_url: command.responseUrl,
    trigger_id: command.triggerId,
  });
  return { contentType: FORM, body: params.toString() };
}

/** An interaction payload (block_actions, view_submission, message_action) as Slack posts it. */
export function interactionForm(payload: Record<string, unknown>): { contentType: string; body: string } {
  return { contentType: FORM, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

function userObject(actor: Actor) {
  const name = actor.userName ?? actor.userId.toLowerCase();
  return { id: actor.userId, username: name, name, team_id: actor.teamId };
}

export interface ClickedMessage {
  channelId: string;
  ts: string;
  blocks?: unknown[];
  text?: string;
  /** Ephemeral messages come back without the message itself, only through response_url. */
  ephemeral?: boolean;
}

export type ClickedElement =
  | { type: 'button'; actionId: string; blockId?: string; value?: string; text?: string }
  | { type: 'static_select'; actionId: string; blockId?: string; value: string; text?: string };

export function blockActionsPayload(
  actor: Actor,
  where: { message: ClickedMessage } | { viewId: string; view?: Record<string, unknown> },
  clicked: ClickedElement,
  slack: { responseUrl: string; triggerId: string },
): Record<string, unknown> {
  const actionTs = (Date.now() / 1000).toFixed(6);
  const action =
    clicked.type === 'button'
      ? {
          type: 'button',
          action_id: clicked.actionId,
          block_id: clicked.blockId ?? 'b',
          text: { type: 'plain_text', text: clicked.text ?? 'button' },
          ...(clicked.value !== undefined ? { value: clicked.value } : {}),
          action_ts: actionTs,
        }
      : {
          type: 'static_select',
          action_id: clicked.actionId,
          block_id: clicked.blockId ?? 'b',
          selected_option: { text: { type: 'plain_text', text: clicked.text ?? clicked.value }, value: clicked.value },
          action_ts: actionTs,
        };
  const base = {
    type: 'block_actions',
    user: userObject(actor),
    api_app_id: 'A0DOUBLE',
    token: 'deprecated-verification-token',
    trigger_id: slack.triggerId,
    team: { id: actor.teamId, domain: 'double' },
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [action],
  };
  if ('viewId' in where) {
    return { ...base, container: { type: 'view', view_id: where.viewId }, view: { id: where.viewId, type: 'modal', ...(where.view ?? {}) } };
  }
  const m = where.message;
  return {
    ...base,
    container: { type: 'message', message_ts: m.ts, channel_id: m.channelId, is_ephemeral: m.ephemeral === true },
    channel: { id: m.channelId, name: 'class' },
    response_url: slack.responseUrl,
    ...(m.ephemeral ? {} : { message: { type: 'message', ts: m.ts, text: m.text ?? '', blocks: m.blocks ?? [], bot_id: 'B0DOUBLE' } }),
  };
}

export function viewSubmissionPayload(
  actor: Actor,
  view: { id: string; view: Record<string, unknown> },
  values: Record<string, Record<string, { type: string; value: string }>>,
  slack: { triggerId: string },
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: actor.teamId, domain: 'double' },
    user: userObject(actor),
    api_app_id: 'A0DOUBLE',
    token: 'deprecated-verification-token',
    trigger_id: slack.triggerId,
    view: { ...view.view, id: view.id, team_id: actor.teamId, state: { values }, hash: `${Date.now()}.abc`, app_id: 'A0DOUBLE' },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function messageShortcutPayload(
  actor: Actor,
  callbackId: string,
  message: { channelId: string; ts: string; user: string; text?: string; files?: unknown[] },
  slack: { responseUrl: string; triggerId: string },
): Record<string, unknown> {
  return {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: (Date.now() / 1000).toFixed(6),
    team: { id: actor.teamId, domain: 'double' },
    user: userObject(actor),
    channel: { id: message.channelId, name: 'class' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: slack.triggerId,
    response_url: slack.responseUrl,
    message_ts: message.ts,
    message: { type: 'message', user: message.user, ts: message.ts, text: message.text ?? '', ...(message.files ? { files: message.files } : {}) },
  };
}

/** An Events API envelope (JSON) around one event. */
export function eventEnvelope(
  teamId: string,
  botUserId: string,
  event: Record<string, unknown>,
  eventId = `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
): { contentType: string; body: string; eventId: string } {
  const body = {
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0DOUBLE',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  };
  return { contentType: 'application/json', body: JSON.stringify(body), eventId };
}

/** A member's message with shared files, as the `message` event (subtype file_share) carries it. */
export function fileShareEvent(channelId: string, userId: string, ts: string, files: unknown[], text = ''): Record<string, unknown> {
  return {
    type: 'message',
    subtype: 'file_share',
    text,
    files,
    user: userId,
    ts,
    channel: channelId,
    channel_type: 'channel',
    event_ts: ts,
    upload: false,
    display_as_bot: false,
  };
}
