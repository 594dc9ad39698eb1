// A local stand-in for Slack's servers: the Web API (POST /api/<method>), response_url posts, the
// external upload URL files.uploadV2 uses, and url_private downloads. It records every call so a
// test can check what the bot really sent, and refuses what Slack would refuse.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeldRequest } from '../held-request.ts';
import { patience } from '../patience.ts';
import { validateBlocks } from './block-kit.ts';
import { parseApiArgs, parseMultipart, readBody } from './bodies.ts';
import { filePayload, METHODS, SlackApiError, type WorkspaceState } from './methods.ts';
import { SocketModeDouble } from './socket-mode.ts';
import type { HostedFile, OpenView, RecordedCall, ResponseUrlTarget, SlackUser, StoredMessage, UploadedFile } from './types.ts';

export interface SlackDoubleOptions {
  botToken: string;
  /** An app-level token (xapp-…): enables Socket Mode through apps.connections.open. */
  appToken?: string;
  teamId?: string;
  botUserId?: string;
}

export class SlackDouble implements WorkspaceState {
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, SlackUser>();
  readonly files = new Map<string, HostedFile>();
  readonly uploads = new Map<string, UploadedFile>();
  readonly messages: StoredMessage[] = [];
  readonly views = new Map<string, OpenView>();
  readonly closedDms = new Map<string, string>();
  readonly channelsWithoutBot = new Set<string>();
  readonly channelMembers = new Map<string, string[]>();
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId = 'B0DOUBLE';
  private readonly botToken: string;
  private readonly appToken: string | undefined;
  /** Set when the double was given an app token, once started. */
  socketMode: SocketModeDouble | undefined;
  private readonly rateLimits = new Map<string, number>();
  private readonly failures = new Map<string, string>();
  private readonly holds = new Map<string, HeldRequest>();
  private readonly recorded = new EventEmitter();
  private readonly responseUrls = new Map<string, ResponseUrlTarget>();
  private server: Server | undefined;
  private port = 0;
  private counter = 0;

  constructor(options: SlackDoubleOptions) {
    this.botToken = options.botToken;
    this.appToken = options.appToken;
    this.teamId = options.teamId ?? 'T0DOUBLE';
    this.botUserId = options.botUserId ?? 'U0BOT';
    this.recorded.setMaxListeners(100);
  }

  baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the bot's WebClient takes as slackApiUrl. */
  get apiUrl(): string {
    return `${this.baseUrl()}/api/`;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(8, '0')}`;
  }

  nextTs(): string {
    this.counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.counter).padStart(6, '0')}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    if (this.appToken) this.socketMode = new SocketModeDouble(this.server);
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    this.socketMode?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  addUser(user: SlackUser): SlackUser {
    this.users.set(user.id, user);
    return user;
  }

  /** Hosts a file as Slack would after a member shares it; returns the event's file object. */
  addFile(file: { name: string; mimetype: string; bytes: Uint8Array; size?: number; downloadStatus?: number }): Record<string, unknown> {
    const id = this.nextId('F');
    const hosted: HostedFile = {
      id,
      name: file.name,
      mimetype: file.mimetype,
      filetype: file.name.split('.').pop() ?? 'binary',
      size: file.size ?? file.bytes.length,
      bytes: Buffer.from(file.bytes),
      url_private: `${this.baseUrl()}/files-pri/${this.teamId}-${id}/${encodeURIComponent(file.name)}`,
      ...(file.downloadStatus ? { downloadStatus: file.downloadStatus } : {}),
    };
    this.files.set(id, hosted);
    return filePayload(hosted);
  }

  /** The next call to `method` gets HTTP 429 with Retry-After, as Slack's rate limiter answers. */
  rateLimitOnce(method: string, retryAfterSeconds = 1): void {
    this.rateLimits.set(method, retryAfterSeconds);
  }

  /**
   * Off unless set: views.open and views.push refuse a trigger_id older than this many ms with
   * `expired_trigger_id`, as Slack does after 3 s (the double's trigger ids start with their time).
   */
  triggerLifetimeMs: number | undefined;

  /** The next request of `kind` (a Web API method, `response_url` or `download`) waits until released. */
  holdNext(kind: string): HeldRequest {
    const held = new HeldRequest(kind);
    this.holds.set(kind, held);
    return held;
  }

  /** The next call to `method` fails with Slack's `error` code. */
  failNext(method: string, error: string): void {
    this.failures.set(method, error);
  }

  /** A response_url Slack would put in a command or interaction payload. */
  responseUrl(target: ResponseUrlTarget): string {
    const id = this.nextId('R');
    this.responseUrls.set(id, target);
    return `${this.baseUrl()}/response/${id}`;
  }

  /** What a member sees in a channel: its messages and the ephemeral ones shown to them, oldest first. */
  seenBy(user: string, channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel && (!m.ephemeralFor || m.ephemeralFor === user));
  }

  /** A trigger_id as Slack shapes them (digits, a dot, digits, a dot, hex). */
  triggerId(): string {
    return `${Date.now()}.${this.nextId('')}.${Math.random().toString(16).slice(2)}`;
  }

  /** Calls `listener` with every call recorded from now on, until the returned function is called. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.recorded.on('call', listener);
    return () => void this.recorded.off('call', listener);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /**
   * Resolves with the first recorded call (past or future) that matches, or fails after a timeout:
   * `timeoutMs` is what an idle machine needs, stretched by patience() for a busy one.
   */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs?: number, label = 'a matching call'): Promise<RecordedCall> {
    const limitMs = patience(timeoutMs);
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall) => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.recorded.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.recorded.off('call', onCall);
        const seen = this.calls.map((c) => `${c.method}:${c.outcome}`).join(', ');
        reject(new Error(`timed out after ${limitMs} ms waiting for ${label}; calls so far: ${seen}`));
      }, limitMs);
      this.recorded.on('call', onCall);
    });
  }

  private record(method: string, args: Record<string, unknown>, outcome: string): void {
    const call: RecordedCall = { method, args, at: Date.now(), outcome };
    this.calls.push(call);
    this.recorded.emit('call', call);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.baseUrl()).pathname;
    const raw = await readBody(req);
    const kind = path.startsWith('/api/') ? path.slice(5) : path.startsWith('/response/') ? 'response_url' : path.startsWith('/files-pri/') ? 'download' : path;
    const held = this.holds.get(kind);
    if (held) {
      this.holds.delete(kind);
      await held.pass();
    }
    if (req.method === 'POST' && path.startsWith('/api/')) return this.api(path.slice(5), req, raw, res);
    if (req.method === 'POST' && path.startsWith('/response/')) return this.responseUrlPost(path.slice(10), req, raw, res);
    if (req.method === 'POST' && path.startsWith('/upload/')) return this.upload(path.slice(8), req, raw, res);
    if (req.method === 'GET' && path.startsWith('/files-pri/')) return this.download(path, req, res);
    res.writeHead(404).end();
  }

  private bearer(req: IncomingMessage): string | undefined {
    return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  }

  private async api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const args = parseApiArgs(req.headers['content-type'], raw);
    const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

    const retryAfter = this.rateLimits.get(method);
    if (retryAfter !== undefined) {
      this.rateLimits.delete(method);
      this.record(method, args, 'ratelimited');
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      return;
    }
    const token = this.bearer(req) ?? (typeof args.token === 'string' ? args.token : undefined);
    const socketMode = this.socketMode;
    const handler =
      method === 'apps.connections.open' && socketMode ? () => ({ ok: true, url: `ws://127.0.0.1:${this.port}${socketMode.path}` }) : METHODS[method];
    let outcome = 'ok';
    let body: Record<string, unknown>;
    try {
      if (!token) throw new SlackApiError('not_authed');
      // apps.connections.open takes the app-level token, every other method the bot token.
      const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
      if (token !== expected) throw new SlackApiError(token === this.botToken || token === this.appToken ? 'not_allowed_token_type' : 'invalid_auth');
      if (!handler) throw new SlackApiError('unknown_method');
      const failure = this.failures.get(method);
      if (failure) {
        this.failures.delete(method);
        throw new SlackApiError(failure);
      }
      if (this.triggerLifetimeMs !== undefined && (method === 'views.open' || method === 'views.push')) {
        const issued = Number(String(args.trigger_id ?? '').split('.')[0]);
        if (Number.isFinite(issued) && Date.now() - issued > this.triggerLifetimeMs) throw new SlackApiError('expired_trigger_id');
      }
      body = handler(this, args);
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      outcome = error.code;
      body = { ok: false, error: error.code, ...(error.messages.length ? { response_metadata: { messages: error.messages } } : {}) };
    }
    this.record(method, args, outcome);
    json(200, body);
  }

  private responseUrlPost(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const args: Record<string, unknown> = { ...parseApiArgs(req.headers['content-type'], raw), response_url_id: id };
    const problems = args.blocks === undefined ? [] : validateBlocks(args.blocks);
    const hasContent = typeof args.text === 'string' || Array.isArray(args.blocks) || args.delete_original === true;
    const outcome = problems.length ? 'invalid_blocks' : hasContent ? 'ok' : 'no_text';
    const target = this.responseUrls.get(id);
    if (outcome === 'ok' && target) this.showResponse(id, target, args);
    this.record('response_url', args, target ? outcome : 'expired_url');
    if (outcome !== 'ok' || !target) {
      res.writeHead(!target ? 404 : outcome === 'invalid_blocks' ? 400 : 500, { 'content-type': 'text/plain' }).end(`${outcome}: ${problems.join('; ')}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  /** Replaces the clicked message (replace_original) or shows a new one, as Slack's client would. */
  private showResponse(id: string, target: ResponseUrlTarget, args: Record<string, unknown>): void {
    const content = {
      ...(typeof args.text === 'string' ? { text: args.text } : {}),
      ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
    };
    const original =
      args.replace_original === true && target.messageTs ? this.messages.find((m) => m.channel === target.channel && m.ts === target.messageTs) : undefined;
    if (original) {
      Object.assign(original, content);
      return;
    }
    const ephemeral = args.response_type !== 'in_channel';
    this.messages.push({ channel: target.channel, ts: this.nextTs(), ...content, viaResponseUrl: id, ...(ephemeral ? { ephemeralFor: target.user } : {}) });
  }

  private upload(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const upload = this.uploads.get(id);
    const type = req.headers['content-type'] ?? '';
    const bytes = type.startsWith('multipart/form-data') ? parseMultipart(type, raw).find((p) => p.filename)?.data : raw;
    if (!upload || !bytes) {
      this.record('upload', { file_id: id }, '404');
      res.writeHead(404).end();
      return;
    }
    upload.bytes = Buffer.from(bytes);
    this.record('upload', { file_id: id, filename: upload.filename, bytes: upload.bytes.length }, '200');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
  }

  private download(path: string, req: IncomingMessage, res: ServerResponse): void {
    const id = /^\/files-pri\/[^-]+-([^/]+)\//.exec(path)?.[1];
    const file = id ? this.files.get(id) : undefined;
    const status = !file ? 404 : this.bearer(req) !== this.botToken ? 403 : (file.downloadStatus ?? 200);
    this.record('download', { file: id, authorized: this.bearer(req) === this.botToken }, file?.redirectTo && status === 200 ? '302' : String(status));
    if (status === 200 && file?.redirectTo) {
      res.writeHead(302, { location: file.redirectTo }).end();
      return;
    }
    if (status !== 200 || !file) {
      res.writeHead(status, { 'content-type': 'text/html' }).end('<html>not available</html>');
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) }).end(file.bytes);
  }
}
