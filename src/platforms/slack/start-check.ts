// Slack's start-up check, done by us instead of Bolt: Bolt's own auth.test runs in its constructor
// with nothing to catch it, so an unreachable Slack crashed the process with Axios's dump of the
// request (the bot token in its headers and body). Here a failed check is one line saying which
// check failed and what to do; the Bolt app then gets the ids and makes no call of its own.
import type { webApi } from '@slack/bolt';
import { networkCause, originOf, PlatformStartError } from '../shared/start-error.ts';
import { slackErrorCode } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/** auth.test codes that mean the token itself is wrong, not Slack. */
const TOKEN_REFUSED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'missing_scope']);

export async function checkBotToken(client: WebClient, apiUrl: string): Promise<BotIdentity> {
  let result: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    result = await client.auth.test();
  } catch (error) {
    throw new PlatformStartError(describeAuthFailure(error, apiUrl));
  }
  if (!result.bot_id || !result.user_id) {
    throw new PlatformStartError(
      'slack: SLACK_BOT_TOKEN is not a bot token (auth.test names no bot). Use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.',
    );
  }
  return { botId: result.bot_id, botUserId: result.user_id };
}

function describeAuthFailure(error: unknown, apiUrl: string): string {
  const where = originOf(apiUrl);
  const code = slackErrorCode(error);
  if (code && TOKEN_REFUSED.has(code)) {
    return `slack: start-up check auth.test refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions (reinstall the app if it was revoked) and start again.`;
  }
  if (code) return `slack: start-up check auth.test failed at ${where} (${code}). Check the app's settings, then start again.`;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number')
    return `slack: start-up check auth.test got HTTP ${status} from ${where}. Check SLACK_API_URL (or Slack's status), then start again.`;
  const cause = networkCause(error) ?? 'no answer';
  return `slack: start-up check auth.test could not reach the Slack Web API at ${where} (${cause}). Check the network and SLACK_API_URL, then start again.`;
}

/** Bolt failing to listen (a port in use) or to open Socket Mode, as one line. */
export function describeStartFailure(error: unknown, socketMode: boolean, port: number): string {
  const cause = slackErrorCode(error) ?? networkCause(error) ?? (error instanceof Error ? error.name : 'unknown');
  return socketMode
    ? `slack: Socket Mode could not connect with SLACK_APP_TOKEN (${cause}). Check the app-level token (connections:write) and that Socket Mode is on, then start again.`
    : `slack: could not listen on port ${port} (${cause}). Free the port or set PORT, then start again.`;
}
