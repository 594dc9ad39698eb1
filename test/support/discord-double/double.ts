// A local Discord for tests: REST under /api/v10, a WebSocket gateway at /gateway, and a CDN
// under /cdn. A real discord.js Client connects to it with `rest.api` pointed at `apiUrl`; it
// learns the gateway's address from GET /gateway/bot, as it would from Discord.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeldRequest } from '../held-request.ts';
import { patience } from '../patience.ts';
import { Gateway } from './gateway.ts';
import { discordError, readBody, sendJson, sendNoContent } from './http.ts';
import {
  DEFAULT_MEMBER_PERMISSIONS,
  guildJson,
  makeUser,
  memberJson,
  type DoubleChannel,
  type DoubleGuild,
  type DoubleUser,
  type Json,
  type Person,
  type StoredFile,
  type StoredMessage,
} from './model.ts';
import { routeRequest, routesWithBodies, type RestContext } from './rest-routes.ts';
import { randomToken, snowflake } from './snowflake.ts';
import { DiscordValidator } from './validation.ts';

export interface RecordedCall {
  method: string;
  /** Path under /api/v10, with the query string. */
  path: string;
  /** The OpenAPI path template it matched, e.g. /channels/{channel_id}/messages. */
  route: string;
  body: unknown;
  files: { filename: string; contentType: string; size: number }[];
  status: number;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Json;
  person: Person;
  channelId: string;
  guildId?: string;
  createdAt: number;
  /** Callback types received, in order (a second one is refused, as Discord does). */
  callbacks: number[];
  callbackAt?: number;
  /** The message the response lives in (@original): a new one, or the clicked one for updates. */
  originalId?: string;
  followUpIds: string[];
  /** The modal the bot opened in answer (callback type 9). */
  modal?: Json;
}

/** A response the double gives once instead of the real one, to test the bot's handling. */
export interface Fault {
  match: (method: string, route: string) => boolean;
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

const validator = new DiscordValidator();
validator.precompile(routesWithBodies());

export class DiscordDouble {
  readonly token = `double.${randomToken()}`;
  readonly applicationId = snowflake();
  readonly bot: DoubleUser = makeUser('FoodVision', true);
  readonly guilds = new Map<string, DoubleGuild>();
  readonly people = new Map<string, Person & { guildIds: string[] }>();
  readonly channels = new Map<string, DoubleChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly calls: RecordedCall[] = [];
  /** Bodies real Discord would have refused; a test fails when this is not empty. */
  readonly problems: string[] = [];
  readonly registered = new Map<string, Json[]>();
  readonly faults: Fault[] = [];
  /** How long an interaction token works for follow-ups and edits (Discord: 15 minutes). */
  tokenLifetimeMs = 15 * 60_000;
  /** Attachment ids whose CDN URL answers 404 (a deleted message). */
  readonly missingFiles = new Set<string>();
  readonly cdnFiles = new Map<string, StoredFile>();
  /** Attachment ids the bot downloaded from the CDN, in order (a refused file must not be here). */
  readonly cdnHits: string[] = [];
  private readonly waiters = new Set<() => void>();
  private heldDownload: HeldRequest | undefined;
  private server!: Server;
  private gateway!: Gateway;
  private base = '';

  static async start<T extends DiscordDouble>(this: new () => T): Promise<T> {
    const double = new this();
    await double.listen();
    return double;
  }

  get apiUrl(): string {
    return `${this.base}/api`;
  }

  get cdnBase(): string {
    return `${this.base}/cdn`;
  }

  get gatewayIntents(): number | undefined {
    return this.gateway.intents();
  }

  waitForGateway(): Promise<void> {
    return this.gateway.waitForReady();
  }

  /** Identifies, resumes and heartbeats the gateway has seen. */
  get gatewayStats(): { identifies: number; resumes: number; heartbeats: number } {
    return { identifies: this.gateway.identifies, resumes: this.gateway.resumes, heartbeats: this.gateway.heartbeats };
  }

  dropGatewayConnections(): void {
    this.gateway.dropConnections();
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- the world ---------------------------------------------------------------------------

  addGuild(name: string, options: { announced?: boolean } = {}): DoubleGuild {
    const id = snowflake();
    const guild: DoubleGuild = {
      id,
      name,
      announced: options.announced ?? true,
      roles: [
        { id, name: '@everyone', permissions: DEFAULT_MEMBER_PERMISSIONS, position: 0 },
        { id: snowflake(), name: 'Instructor', permissions: '0', position: 1 },
      ],
      channels: [],
    };
    this.guilds.set(id, guild);
    this.addChannel(guild, 'general');
    return guild;
  }

  addChannel(guild: DoubleGuild, name: string): DoubleChannel {
    const channel: DoubleChannel = { id: snowflake(), type: 0, name, guild_id: guild.id };
    guild.channels.push(channel);
    this.channels.set(channel.id, channel);
    return channel;
  }

  addPerson(
    name: string,
    options: { guilds?: DoubleGuild[]; locale?: string; roles?: string[]; permissions?: string; nick?: string; dmsClosed?: boolean } = {},
  ): Person {
    const person = {
      user: makeUser(name),
      locale: options.locale ?? 'en-US',
      roles: options.roles ?? [],
      permissions: options.permissions ?? DEFAULT_MEMBER_PERMISSIONS,
      ...(options.nick ? { nick: options.nick } : {}),
      dmsClosed: options.dmsClosed ?? false,
      guildIds: (options.guilds ?? []).map((g) => g.id),
    };
    this.people.set(person.user.id, person);
    return person;
  }

  instructorRole(guild: DoubleGuild): string {
    return guild.roles.find((role) => role.name === 'Instructor')!.id;
  }

  dmChannelOf(person: Person): DoubleChannel | undefined {
    return [...this.channels.values()].find((c) => c.type === 1 && c.recipient?.id === person.user.id);
  }

  /** Messages in a channel, oldest first, as the channel shows them now (ephemeral ones included). */
  messagesIn(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !m.deleted);
  }

  dmMessages(person: Person): StoredMessage[] {
    const channel = this.dmChannelOf(person);
    return channel ? this.messagesIn(channel.id) : [];
  }

  // ---- waiting -----------------------------------------------------------------------------

  /**
   * Resolves once `check` returns a value other than undefined/false, re-checked on every REST call.
   * `timeoutMs` is what an idle machine needs; the limit is stretched by patience() for a busy one.
   */
  waitFor<T>(check: () => T | undefined | false, what: string | (() => string), timeoutMs?: number): Promise<T> {
    const limitMs = patience(timeoutMs);
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined || value === false) return false;
        cleanup();
        resolve(value as T);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${limitMs} ms waiting for ${typeof what === 'string' ? what : what()}; problems: ${JSON.stringify(this.problems)}`));
      }, limitMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(listener);
      };
      const listener = (): void => void attempt();
      if (attempt()) return;
      this.waiters.add(listener);
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  // ---- gateway events ----------------------------------------------------------------------

  dispatch(event: string, data: Json): void {
    this.gateway.dispatch(event, data);
  }

  guildCreatePayload(guild: DoubleGuild): Json {
    const members = [...this.people.values()].filter((p) => p.guildIds.includes(guild.id)).map((p) => memberJson(p, guild));
    members.push(memberJson({ user: this.bot, locale: 'en-US', roles: [], permissions: '0' }, guild));
    return guildJson(guild, members);
  }

  /** Stores a file on the double's CDN (an upload by a member) and returns its stored form. */
  uploadToCdn(file: { filename: string; contentType: string; data: Uint8Array; declaredSize?: number }): StoredFile {
    const stored: StoredFile = {
      id: snowflake(),
      filename: file.filename,
      contentType: file.contentType,
      size: file.declaredSize ?? file.data.length,
      data: file.data,
    };
    this.cdnFiles.set(stored.id, stored);
    return stored;
  }

  /** The bot's next download from the CDN waits until released. */
  holdNextDownload(): HeldRequest {
    this.heldDownload = new HeldRequest('a CDN download');
    return this.heldDownload;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  protected async listen(): Promise<void> {
    this.gateway = new Gateway(
      {
        token: this.token,
        ready: (sessionId, resumeUrl) => ({
          v: 10,
          user: { ...this.bot, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [...this.guilds.values()].filter((g) => g.announced).map((g) => ({ id: g.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: resumeUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          user_settings: {},
        }),
        guildCreates: () => [...this.guilds.values()].filter((g) => g.announced).map((g) => this.guildCreatePayload(g)),
        guildMembers: (guildId) => {
          const guild = this.guilds.get(guildId);
          if (!guild) return null;
          // Chunks carry members as REST does: without the interaction-only `permissions`.
          return (this.guildCreatePayload(guild).members as Json[]).map(({ permissions: _interactionsOnly, ...member }) => member);
        },
        log: (line) => this.problems.push(line),
        changed: () => this.notify(),
      },
      () => `${this.base.replace('http', 'ws')}/gateway`,
    );
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.problems.push(`double crashed on ${request.method} ${request.url}: ${String(error)}`);
        if (!response.headersSent) sendJson(response, 500, discordError(0, '500: Internal Server Error'));
      });
    });
    this.server.on('upgrade', (request, socket, head) => {
      if (request.url?.startsWith('/gateway')) this.gateway.handleUpgrade(request, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    if (url.pathname.startsWith('/cdn/attachments/')) {
      const held = this.heldDownload;
      this.heldDownload = undefined;
      await held?.pass();
      this.serveCdn(url.pathname, response);
      return;
    }
    if (!url.pathname.startsWith('/api/v10/')) {
      sendJson(response, 404, discordError(0, '404: Not Found'));
      return;
    }
    const path = url.pathname.slice('/api/v10'.length);
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    const context: RestContext = { double: this, method, path, query: url.searchParams, body, authorization: request.headers.authorization };
    const call: RecordedCall = {
      method,
      path: path + url.search,
      route: '',
      body: body.json,
      files: body.files.map((f) => ({ filename: f.filename, contentType: f.contentType, size: f.data.length })),
      status: 0,
      at: Date.now(),
    };
    const result = routeRequest(context, validator, this.faults);
    call.route = result.route;
    call.status = result.status;
    this.calls.push(call);
    if (result.status === 204) sendNoContent(response);
    else sendJson(response, result.status, result.body, result.headers);
    this.notify();
  }

  private serveCdn(pathname: string, response: ServerResponse): void {
    const [, , , , fileId] = pathname.split('/');
    if (fileId) this.cdnHits.push(fileId);
    const file = fileId ? this.cdnFiles.get(fileId) : undefined;
    if (!file || this.missingFiles.has(file.id)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not Found');
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
    response.end(Buffer.from(file.data));
  }
}
