// Starts the classroom on Discord: a discord.js client on the gateway, every interaction routed
// to the dispatcher, and (with the Message Content intent) photo-channel messages. `apiUrl` points
// REST elsewhere (a local double); discord.js then takes the gateway address from GET /gateway/bot.
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Dispatcher } from '../../app/dispatcher.ts';
import { InFlight, SHUTDOWN_GRACE_MS } from '../shared/in-flight.ts';
import { networkCause, originOf, PlatformStartError } from '../shared/start-error.ts';
import { discordAttachmentOrigins } from './attachments.ts';
import { DirectMessageListener } from './direct-messages.ts';
import { InteractionRouter } from './interactions.ts';
import { InvocationFactory } from './invocation.ts';
import { PhotoChannelListener } from './photo-channel.ts';
import { sendDm } from './dm.ts';
import { renderReply } from './render.ts';

export { commandPayload } from './command-payload.ts';

export interface DiscordOptions {
  token: string;
  applicationId: string;
  /** Base of the REST API without the version, e.g. http://127.0.0.1:4000/api. Default: Discord's. */
  apiUrl?: string;
  dispatcher: Dispatcher;
  /** Members with a role of this name are instructors (as are those with Manage Server). */
  instructorRoleName?: string;
  /** Ask for the privileged Message Content intent: needed only for photo channels. */
  messageContent?: boolean;
  /** Ask for the privileged Server Members intent: needed only for /roster sync. */
  guildMembers?: boolean;
  log?: (msg: string) => void;
}

export interface DiscordBot {
  client: Client;
  /** Resolves once every interaction and message under way is finished (tests wait on it). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_API_URL = 'https://discord.com/api';
const NO_MENTIONS = { parse: [], repliedUser: false };

export async function startDiscord(options: DiscordOptions): Promise<DiscordBot> {
  const log = options.log ?? ((msg: string) => console.error(msg));
  // Direct Messages (not privileged): what a member types in their DM with the bot gets an answer.
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages];
  if (options.messageContent) intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  if (options.guildMembers) intents.push(GatewayIntentBits.GuildMembers);
  const client = new Client({
    intents,
    // DM channels arrive as partials: without this, clicks in DMs would have no channel object.
    partials: [Partials.Channel],
    // Every message the bot sends (replies, follow-ups, DMs) pings no one: member text can't reach
    // @everyone, a role or a member through the bot, whatever it contains.
    allowedMentions: NO_MENTIONS,
    rest: {
      api: options.apiUrl ?? DEFAULT_API_URL,
      // Called on every 429 Discord answers; returning false lets discord.js wait out Retry-After
      // and send again. Used only to log it: a dropped or silent rate limit would hide slowness.
      rejectOnRateLimit: (info) => {
        log(`discord: 429 on ${info.method} ${info.route} (${info.scope}), retrying after ${info.retryAfter} ms`);
        return false;
      },
    },
  });
  const invocations = new InvocationFactory(client, options.instructorRoleName ?? 'Instructor', log, options.guildMembers ?? false);
  const cdnOrigins = discordAttachmentOrigins(options.apiUrl, DEFAULT_API_URL);
  const router = new InteractionRouter(options.dispatcher, invocations, log, cdnOrigins);
  const photos = new PhotoChannelListener(options.dispatcher, invocations, { rememberPrompt: router.rememberPrompt }, log, cdnOrigins);
  const directMessages = new DirectMessageListener(options.dispatcher, invocations, { rememberPrompt: router.rememberPrompt });

  const inFlight = new InFlight();
  let stopping = false;
  client.on(Events.InteractionCreate, (interaction) => {
    const work = stopping ? router.refuseWhileStopping(interaction) : router.handle(interaction);
    void inFlight.track(work.catch((error: unknown) => log(`discord: interaction ${interaction.id} failed: ${describe(error)}`)));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping) return;
    if (!message.inGuild()) {
      void inFlight.track(directMessages.handle(message).catch((error: unknown) => log(`discord: DM ${message.id} failed: ${describe(error)}`)));
    } else if (options.messageContent) {
      void inFlight.track(photos.handle(message).catch((error: unknown) => log(`discord: photo message ${message.id} failed: ${describe(error)}`)));
    }
  });
  // Waits discord.js takes on its own, from the rate-limit headers, before Discord has to say 429.
  client.rest.on('rateLimited', (info) => log(`discord: rate limited on ${info.method} ${info.route}, waiting ${info.timeToReset} ms`));
  client.on(Events.Error, (error) => log(`discord: client error: ${describe(error)}`));
  client.on(Events.Warn, (message) => log(`discord: ${message}`));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    throw new PlatformStartError(describeLoginFailure(error, options.apiUrl ?? DEFAULT_API_URL));
  }
  await ready;
  if (client.application?.id && client.application.id !== options.applicationId) {
    log(`discord: DISCORD_APPLICATION_ID ${options.applicationId} differs from the token's application ${client.application.id}`);
  }
  log(`discord: connected as ${client.user?.tag ?? '?'} to ${client.guilds.cache.size} server(s)`);
  // DMs to members who did not just call (a re-graded answer); buttons in them carry the class server.
  const unregister = options.dispatcher.services.messages.register('discord', {
    send: async (to, reply) => {
      await sendDm(await client.users.fetch(to.platformUserId), renderReply(reply, { dmGuildId: to.classroomExternalId }));
    },
  });
  return {
    client,
    settled: async () => void (await inFlight.settle(60 * 60_000)),
    stop: async () => {
      stopping = true;
      unregister();
      const unfinished = await inFlight.settle(SHUTDOWN_GRACE_MS);
      if (unfinished > 0) log(`discord: stopping with ${unfinished} interaction(s) unfinished after ${SHUTDOWN_GRACE_MS / 1000} s`);
      await client.destroy();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * A failed login as one line: which check failed and what to do. discord.js's own errors hold no
 * token, but a line the operator can act on beats a stack.
 */
function describeLoginFailure(error: unknown, apiUrl: string): string {
  const code = (error as { code?: unknown; status?: unknown }).code;
  const status = (error as { status?: unknown }).status;
  if (code === 'TokenInvalid' || status === 401) {
    return 'discord: login refused DISCORD_TOKEN (401 Unauthorized). Copy the bot token again (Developer Portal → Bot → Reset Token) and start again.';
  }
  if (code === 'DisallowedIntents' || code === 4014) {
    return 'discord: login refused a privileged intent. Turn Message Content and/or Server Members on under Bot → Privileged Gateway Intents, or unset DISCORD_MESSAGE_CONTENT / DISCORD_GUILD_MEMBERS.';
  }
  if (typeof status === 'number')
    return `discord: login got HTTP ${status} from ${originOf(apiUrl)}. Check DISCORD_API_URL (or Discord's status), then start again.`;
  const cause = networkCause(error) ?? (error instanceof Error ? error.name : 'no answer');
  return `discord: login could not reach the Discord API at ${originOf(apiUrl)} (${cause}). Check the network and DISCORD_API_URL, then start again.`;
}
