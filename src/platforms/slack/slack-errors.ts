// Slack's Web API reports failures as `{ ok: false, error: "code" }`; @slack/web-api throws them
// with the code in `data.error`.

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Errors that mean the bot can't post where the request came from (not a member, a private DM). */
export const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** conversations.open and chat.postMessage errors that mean the member can't be messaged directly. */
export const DM_REFUSED = new Set(['cannot_dm_bot', 'user_disabled', 'user_not_found', 'messages_tab_disabled', 'not_allowed_token_type']);
