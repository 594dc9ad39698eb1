// Starts the Slack classroom: Bolt's HTTP receiver on a port (or Socket Mode with an app token),
// the Web API client pointed at SLACK_API_URL, and the listeners that feed the dispatcher.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel, webApi, type Logger } from '@slack/bolt';
import type { Dispatcher } from '../../app/dispatcher.ts';
import { InFlight, SHUTDOWN_GRACE_MS } from '../shared/in-flight.ts';
import { registerListeners } from './listeners/index.ts';
import { PlatformStartError } from '../shared/start-error.ts';
import { slackFileOrigins } from './attachments.ts';
import { FreshHTTPReceiver } from './fresh-receiver.ts';
import { MemberDirectory } from './members.ts';
import type { SlackDeps } from './request.ts';
import { checkBotToken, describeStartFailure } from './start-check.ts';
import { Replier } from './replier.ts';

export interface SlackOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (no public request URL needed). */
  appToken?: string;
  /** The Web API base URL, e.g. a local double; Slack's own by default. */
  apiUrl?: string;
  port?: number;
  dispatcher: Dispatcher;
  log?: (msg: string) => void;
}

export interface SlackHandle {
  app: App;
  port: number;
  stop(): Promise<void>;
}

/**
 * Web API calls Slack rate-limits (429) are retried after Retry-After by the WebClient itself; a
 * few spaced retries cover network blips without holding a request for the default half hour.
 */
export const RETRY_CONFIG = { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 30_000, randomize: true };
/** At start-up a few quick retries: an operator waiting on a wrong URL wants the answer soon. */
const START_RETRY_CONFIG = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 };

export const DEFAULT_API_URL = 'https://slack.com/api/';

/**
 * views.open must reach Slack within 3 s of the click. The WebClient pauses its whole queue while
 * it waits out any 429 (a users.info for another member, say), so modals go through a client of
 * their own that never waits: a refused call fails at once and the member is asked to click again.
 */
const VIEWS_CLIENT_OPTIONS = { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };

export async function startSlack(options: SlackOptions): Promise<SlackHandle> {
  const log = options.log ?? ((message: string) => console.log(message));
  const logger = boltLogger(log);
  const apiUrl = options.apiUrl ?? DEFAULT_API_URL;
  const clientOptions = { slackApiUrl: apiUrl, retryConfig: RETRY_CONFIG, logger };
  // With the ids given, Bolt trusts them and runs no auth.test of its own (see start-check.ts).
  const identity = await checkBotToken(new webApi.WebClient(options.botToken, { ...clientOptions, retryConfig: START_RETRY_CONFIG }), apiUrl);
  const app = options.appToken
    ? new App({ token: options.botToken, ...identity, appToken: options.appToken, socketMode: true, clientOptions, logger })
    : new App({
        token: options.botToken,
        ...identity,
        // Acks go out before the work (processBeforeResponse: false); Bolt verifies the signature
        // and refuses requests more than five minutes old with 401, ours those five minutes ahead.
        receiver: new FreshHTTPReceiver({ signingSecret: options.signingSecret, processBeforeResponse: false, logger, port: options.port ?? 3000 }),
        clientOptions,
        logger,
      });
  const deps: SlackDeps = {
    dispatcher: options.dispatcher,
    members: new MemberDirectory(log),
    viewsClient: new webApi.WebClient(options.botToken, { ...clientOptions, ...VIEWS_CLIENT_OPTIONS }),
    events: options.dispatcher.services.deliveries,
    files: { botToken: options.botToken, origins: slackFileOrigins(apiUrl) },
    log,
  };
  // First in the chain, so that awaiting next() follows the listeners' work after the ack.
  const inFlight = new InFlight();
  app.use(({ next }) => inFlight.track(next()));
  registerListeners(app, deps);
  app.error(async (error) => log(`slack: a request failed: ${error.message}`));
  let started: unknown;
  try {
    started = await app.start(options.port ?? 3000);
  } catch (error) {
    throw new PlatformStartError(describeStartFailure(error, Boolean(options.appToken), options.port ?? 3000));
  }
  const port = options.appToken ? 0 : ((started as Server).address() as AddressInfo).port;
  log(options.appToken ? 'slack: connected in Socket Mode' : `slack: listening on port ${port} (POST /slack/events)`);
  // DMs to members who did not just call (a re-graded answer), through the same delivery as replies.
  const unregister = options.dispatcher.services.messages.register('slack', {
    send: (to, reply) => new Replier({ client: app.client, userId: to.platformUserId, lang: 'en', log }).deliver([reply]),
  });
  const stop = async (): Promise<void> => {
    unregister();
    // No new requests first (the receiver closes), then the acknowledged ones finish.
    await (app.stop() as Promise<void>);
    const unfinished = await inFlight.settle(SHUTDOWN_GRACE_MS);
    if (unfinished > 0) log(`slack: stopping with ${unfinished} request(s) unfinished after ${SHUTDOWN_GRACE_MS / 1000} s`);
  };
  return { app, port, stop };
}

/** Bolt's logger, routed to ours: warnings and errors only, never request bodies (they hold tokens). */
function boltLogger(log: (message: string) => void): Logger {
  let level = LogLevel.WARN;
  let name = 'bolt';
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => log(`${name}: ${messages.map(String).join(' ')}`),
    error: (...messages: unknown[]) => log(`${name}: ${messages.map(String).join(' ')}`),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
