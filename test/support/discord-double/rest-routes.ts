// The REST routes the bot uses, answered the way Discord answers them. Every body is validated
// first (OpenAPI + limits); a refused body is recorded as a problem and answered with 400.
import { TIME_SCALE } from '../patience.ts';
import type { DiscordDouble, Fault, InteractionRecord } from './double.ts';
import { discordError } from './http.ts';
import type { ParsedBody } from './http.ts';
import { channelJson, EPHEMERAL, memberJson, LOADING, messageJson, roleJson, type Json, type StoredFile, type StoredMessage } from './model.ts';
import { snowflake } from './snowflake.ts';
import type { DiscordValidator } from './validation.ts';

export interface RestContext {
  double: DiscordDouble;
  method: string;
  path: string;
  query: URLSearchParams;
  body: ParsedBody;
  authorization: string | undefined;
}

export interface RestResult {
  route: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: RestContext, params: Record<string, string>) => RestResult | Omit<RestResult, 'route'>;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  /** Webhook and interaction routes authenticate by their token, not the bot's. */
  tokenAuth: boolean;
  handler: Handler;
}

/**
 * An interaction may be answered within 3 s of its creation (its token's lifetime is the double's).
 * Discord's rule, so a bot that answers late fails here as it would there; TEST_TIME_SCALE stretches
 * it with every other limit for a machine too busy to keep any deadline.
 */
export const CALLBACK_WINDOW_MS = 3_000 * TIME_SCALE;

const routes: Route[] = [];

function route(method: string, template: string, handler: Handler, tokenAuth = false): void {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' +
      template.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      }) +
      '$',
  );
  routes.push({ method, template, pattern, names, tokenAuth, handler });
}

/** The routes that take a body, for compiling their schemas before any interaction's clock runs. */
export function routesWithBodies(): { method: string; template: string }[] {
  return routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
}

export function routeRequest(ctx: RestContext, validator: DiscordValidator, faults: Fault[]): RestResult {
  for (const candidate of routes) {
    const match = candidate.method === ctx.method ? candidate.pattern.exec(ctx.path) : null;
    if (!match) continue;
    const template = candidate.template;
    if (!candidate.tokenAuth && ctx.authorization !== `Bot ${ctx.double.token}`) {
      return { route: template, status: 401, body: discordError(0, '401: Unauthorized') };
    }
    const faultIndex = faults.findIndex((f) => f.match(ctx.method, template));
    if (faultIndex >= 0) {
      const [fault] = faults.splice(faultIndex, 1);
      return { route: template, status: fault!.status, body: fault!.body, ...(fault!.headers ? { headers: fault!.headers } : {}) };
    }
    if (ctx.body.json !== undefined) {
      const problems = validator.check(ctx.method, template, ctx.body.json);
      if (problems.length > 0) {
        ctx.double.problems.push(`${ctx.method} ${template}: ${problems.join('; ')}`);
        return {
          route: template,
          status: 400,
          body: discordError(50035, 'Invalid Form Body', { _errors: problems.map((message) => ({ code: 'BASE_TYPE_INVALID', message })) }),
        };
      }
    }
    const params = Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { route: template, ...candidate.handler(ctx, params) };
  }
  ctx.double.problems.push(`no such route in the double: ${ctx.method} ${ctx.path}`);
  return { route: '?', status: 404, body: discordError(0, '404: Not Found') };
}

const notFound = (code: number, message: string): Omit<RestResult, 'route'> => ({ status: 404, body: discordError(code, message) });

// ---- messages ---------------------------------------------------------------------------------

function fileFromUpload(ctx: RestContext, index: number, meta: Json | undefined): StoredFile | undefined {
  const upload = ctx.body.files.find((f) => f.index === index);
  if (!upload) return undefined;
  const stored = ctx.double.uploadToCdn({ filename: String(meta?.filename ?? upload.filename), contentType: upload.contentType, data: upload.data });
  return stored;
}

/** The attachments a create or edit leaves on the message (kept by id, new ones from files[n]). */
function attachmentsFrom(ctx: RestContext, body: Json, existing: StoredFile[]): StoredFile[] {
  const metas = Array.isArray(body.attachments) ? (body.attachments as Json[]) : undefined;
  if (!metas) {
    const fresh = ctx.body.files.map((f) => fileFromUpload(ctx, f.index, undefined)).filter((f): f is StoredFile => !!f);
    return [...existing, ...fresh];
  }
  const result: StoredFile[] = [];
  for (const meta of metas) {
    const kept = existing.find((f) => f.id === String(meta.id));
    const file = kept ?? fileFromUpload(ctx, Number(meta.id), meta);
    if (file) result.push(file);
  }
  return result;
}

function createMessage(ctx: RestContext, channelId: string, body: Json, extra: Partial<StoredMessage> = {}): StoredMessage {
  const channel = ctx.double.channels.get(channelId);
  const message: StoredMessage = {
    id: snowflake(),
    channel_id: channelId,
    ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
    author: ctx.double.bot,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: (body.embeds as Json[] | undefined) ?? [],
    components: (body.components as Json[] | undefined) ?? [],
    attachments: attachmentsFrom(ctx, body, []),
    flags: Number(body.flags ?? 0),
    ...(body.message_reference ? { message_reference: body.message_reference as Json } : {}),
    timestamp: new Date().toISOString(),
    editCount: 0,
    ...extra,
  };
  ctx.double.messages.set(message.id, message);
  return message;
}

function editMessage(ctx: RestContext, message: StoredMessage, body: Json): StoredMessage {
  if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
  if ('embeds' in body) message.embeds = (body.embeds as Json[] | null) ?? [];
  if ('components' in body) message.components = (body.components as Json[] | null) ?? [];
  if ('attachments' in body || ctx.body.files.length > 0) message.attachments = attachmentsFrom(ctx, body, message.attachments);
  message.flags &= ~LOADING;
  message.editCount += 1;
  return message;
}

const asJson = (ctx: RestContext): Json => (ctx.body.json ?? {}) as Json;
const out = (ctx: RestContext, message: StoredMessage): Omit<RestResult, 'route'> => ({ status: 200, body: messageJson(message, ctx.double.cdnBase) });

route('GET', '/gateway/bot', (ctx) => ({
  status: 200,
  body: {
    url: ctx.double.apiUrl.replace(/^http/, 'ws').replace(/\/api$/, '/gateway'),
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  },
}));

route('GET', '/users/@me', (ctx) => ({ status: 200, body: ctx.double.bot }));

route('POST', '/users/@me/channels', (ctx) => {
  const recipientId = String(asJson(ctx).recipient_id);
  const person = ctx.double.people.get(recipientId);
  if (!person) return { status: 400, body: discordError(50033, 'Invalid Recipient(s)') };
  let channel = ctx.double.dmChannelOf(person);
  if (!channel) {
    channel = { id: snowflake(), type: 1, recipient: person.user };
    ctx.double.channels.set(channel.id, channel);
  }
  return { status: 200, body: channelJson(channel) };
});

route('POST', '/channels/{channel_id}/messages', (ctx, { channel_id }) => {
  const channel = ctx.double.channels.get(channel_id!);
  if (!channel) return notFound(10003, 'Unknown Channel');
  if (channel.type === 1 && channel.recipient && ctx.double.people.get(channel.recipient.id)?.dmsClosed) {
    return { status: 403, body: discordError(50007, 'Cannot send messages to this user') };
  }
  return out(ctx, createMessage(ctx, channel.id, asJson(ctx)));
});

route('GET', '/channels/{channel_id}/messages/{message_id}', (ctx, { message_id }) => {
  const message = ctx.double.messages.get(message_id!);
  return message && !message.deleted ? out(ctx, message) : notFound(10008, 'Unknown Message');
});

route('PATCH', '/channels/{channel_id}/messages/{message_id}', (ctx, { message_id }) => {
  const message = ctx.double.messages.get(message_id!);
  if (!message || message.deleted) return notFound(10008, 'Unknown Message');
  return out(ctx, editMessage(ctx, message, asJson(ctx)));
});

route('GET', '/guilds/{guild_id}/roles', (ctx, { guild_id }) => {
  const guild = ctx.double.guilds.get(guild_id!);
  return guild ? { status: 200, body: guild.roles.map(roleJson) } : notFound(10004, 'Unknown Guild');
});

route('GET', '/guilds/{guild_id}/members/{user_id}', (ctx, { guild_id, user_id }) => {
  const guild = ctx.double.guilds.get(guild_id!);
  const person = ctx.double.people.get(user_id!);
  if (!guild) return notFound(10004, 'Unknown Guild');
  if (!person?.guildIds.includes(guild.id)) return notFound(10007, 'Unknown Member');
  const { permissions: _computedOnlyForInteractions, ...member } = memberJson(person, guild);
  return { status: 200, body: member };
});

// ---- commands ---------------------------------------------------------------------------------

function overwriteCommands(ctx: RestContext, scope: string): Omit<RestResult, 'route'> {
  const commands = (ctx.body.json as Json[]).map((command) => ({
    id: snowflake(),
    application_id: ctx.double.applicationId,
    version: snowflake(),
    type: 1,
    ...command,
  }));
  ctx.double.registered.set(scope, commands);
  return { status: 200, body: commands };
}

route('PUT', '/applications/{application_id}/commands', (ctx) => overwriteCommands(ctx, 'global'));
route('PUT', '/applications/{application_id}/guilds/{guild_id}/commands', (ctx, { guild_id }) => overwriteCommands(ctx, guild_id!));
route('GET', '/applications/{application_id}/commands', (ctx) => ({ status: 200, body: ctx.double.registered.get('global') ?? [] }));

// ---- interactions -----------------------------------------------------------------------------

function interactionByToken(ctx: RestContext, token: string): InteractionRecord | undefined {
  const record = [...ctx.double.interactions.values()].find((i) => i.token === token);
  return record && Date.now() - record.createdAt < ctx.double.tokenLifetimeMs ? record : undefined;
}

route(
  'POST',
  '/interactions/{interaction_id}/{interaction_token}/callback',
  (ctx, { interaction_id, interaction_token }) => {
    const record = ctx.double.interactions.get(interaction_id!);
    if (!record || record.token !== interaction_token) return notFound(10062, 'Unknown interaction');
    const late = Date.now() - record.createdAt;
    if (late > CALLBACK_WINDOW_MS) {
      ctx.double.problems.push(`interaction ${record.id} answered after ${late} ms (Discord allows ${CALLBACK_WINDOW_MS} ms)`);
      return notFound(10062, 'Unknown interaction');
    }
    if (record.callbacks.length > 0) return { status: 400, body: discordError(40060, 'Interaction has already been acknowledged.') };
    const body = asJson(ctx);
    const data = (body.data ?? {}) as Json;
    const type = Number(body.type);
    record.callbacks.push(type);
    record.callbackAt = Date.now();
    const clicked = record.payload.message ? ctx.double.messages.get(String((record.payload.message as Json).id)) : undefined;
    switch (type) {
      case 4:
        record.originalId = createMessage(ctx, record.channelId, data, { interactionId: record.id }).id;
        break;
      case 5:
        record.originalId = createMessage(ctx, record.channelId, { flags: (Number(data.flags ?? 0) & EPHEMERAL) | LOADING }, { interactionId: record.id }).id;
        break;
      case 6:
        if (!clicked) return { status: 400, body: discordError(40043, 'This interaction has no message to update') };
        record.originalId = clicked.id;
        break;
      case 7:
        if (!clicked) return { status: 400, body: discordError(40043, 'This interaction has no message to update') };
        editMessage(ctx, clicked, data);
        record.originalId = clicked.id;
        break;
      case 9:
        if (record.type === 5) return { status: 400, body: discordError(40060, 'A modal cannot answer a modal submit') };
        record.modal = data;
        break;
      default:
        return { status: 400, body: discordError(50035, `Unsupported callback type ${type}`) };
    }
    ctx.double.notify();
    return { status: 204 };
  },
  true,
);

route(
  'POST',
  '/webhooks/{webhook_id}/{webhook_token}',
  (ctx, { webhook_token }) => {
    const record = interactionByToken(ctx, webhook_token!);
    if (!record) return notFound(10015, 'Unknown Webhook');
    if (record.callbacks.length === 0) return { status: 400, body: discordError(40060, 'Interaction has not been acknowledged') };
    const message = createMessage(ctx, record.channelId, asJson(ctx), { interactionId: record.id });
    record.followUpIds.push(message.id);
    return out(ctx, message);
  },
  true,
);

function webhookMessage(ctx: RestContext, token: string, messageId: string): StoredMessage | Omit<RestResult, 'route'> {
  const record = interactionByToken(ctx, token);
  if (!record) return notFound(10015, 'Unknown Webhook');
  const id = messageId === '@original' ? record.originalId : messageId;
  const message = id ? ctx.double.messages.get(id) : undefined;
  return message && !message.deleted ? message : notFound(10008, 'Unknown Message');
}

const isMessage = (value: unknown): value is StoredMessage => typeof value === 'object' && value !== null && 'channel_id' in value;

route(
  'GET',
  '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  (ctx, { webhook_token, message_id }) => {
    const found = webhookMessage(ctx, webhook_token!, message_id!);
    return isMessage(found) ? out(ctx, found) : found;
  },
  true,
);

route(
  'PATCH',
  '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  (ctx, { webhook_token, message_id }) => {
    const found = webhookMessage(ctx, webhook_token!, message_id!);
    return isMessage(found) ? out(ctx, editMessage(ctx, found, asJson(ctx))) : found;
  },
  true,
);

route(
  'DELETE',
  '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  (ctx, { webhook_token, message_id }) => {
    const found = webhookMessage(ctx, webhook_token!, message_id!);
    if (!isMessage(found)) return found;
    found.deleted = true;
    return { status: 204 };
  },
  true,
);
