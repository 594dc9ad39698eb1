// What the Slack double stores and records, in Slack's own field names where Slack has them.

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url`, `upload`, `download`. */
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** What the double answered: `ok` or Slack's error code, or the HTTP status for non-API routes. */
  outcome: string;
}

export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_bot?: boolean;
  /** Returned only when the caller asks with include_locale, as Slack does. */
  locale?: string;
  team_id?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** Set for ephemeral messages: the only member who sees it. */
  ephemeralFor?: string;
  /** Posted through this response_url rather than the Web API. */
  viaResponseUrl?: string;
}

/** What a response_url was issued for: the member, the channel and the message clicked, if any. */
export interface ResponseUrlTarget {
  user: string;
  channel: string;
  messageTs?: string;
}

export interface HostedFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  /** The size Slack declares; may differ from the bytes for a test of declared limits. */
  size: number;
  bytes: Buffer;
  url_private: string;
  /** Answer downloads with this status instead of the bytes (404, 403). */
  downloadStatus?: number;
  /** Answer downloads with a 302 to this URL (a file host that redirects elsewhere). */
  redirectTo?: string;
}

export interface UploadedFile {
  id: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  completed?: { channel_id?: string; thread_ts?: string; initial_comment?: string; title?: string };
}

export interface OpenView {
  id: string;
  view: Record<string, unknown>;
  /** Every version the view had, first to last. */
  history: Record<string, unknown>[];
}
