// The gateway side of the double: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats and their
// ACKs, RESUME, and dispatching events to every identified session (discord.js runs one shard).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { randomToken } from './snowflake.ts';
import type { Json } from './model.ts';

/** Discord asks for 41.25 s; the double asks for 2 s so every test run exercises heartbeats and ACKs. */
const HEARTBEAT_INTERVAL_MS = 2_000;
/** GatewayIntentBits.GuildMembers. */
const GUILD_MEMBERS_INTENT = 1 << 1;

export interface GatewayHooks {
  token: string;
  /** READY's `d` for a new session. */
  ready(sessionId: string, resumeUrl: string): Json;
  /** GUILD_CREATE payloads sent right after READY. */
  guildCreates(): Json[];
  /** A guild's members as Request Guild Members answers them (null: no such guild). */
  guildMembers(guildId: string): Json[] | null;
  log(line: string): void;
  /** Something happened (a heartbeat, an identify, a resume): waiters re-check. */
  changed(): void;
}

interface Session {
  id: string;
  socket: WebSocket;
  seq: number;
  intents: number;
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readyWaiters: (() => void)[] = [];
  identifies = 0;
  resumes = 0;
  heartbeats = 0;

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly url: () => string,
  ) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request.url ?? ''));
  }

  get ready(): boolean {
    return [...this.sessions.values()].some((s) => s.socket.readyState === 1);
  }

  waitForReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  intents(): number | undefined {
    return [...this.sessions.values()][0]?.intents;
  }

  dispatch(event: string, data: Json): void {
    for (const session of this.sessions.values()) {
      if (session.socket.readyState !== 1) continue;
      session.seq += 1;
      session.socket.send(JSON.stringify({ op: 0, t: event, s: session.seq, d: data }));
    }
  }

  /** Drops every connection as a network blip or a Discord restart would (close code 4000: resumable). */
  dropConnections(code = 4000): void {
    for (const session of this.sessions.values()) session.socket.close(code, 'Unknown error');
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) session.socket.terminate();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, path: string): void {
    const query = new URL(path, 'ws://double').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      this.hooks.log(`gateway: unexpected query ${path}`);
      socket.close(4012, 'Invalid API version');
      return;
    }
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: Json };
      queueMicrotask(() => this.hooks.changed());
      switch (payload.op) {
        case 1:
          this.heartbeats += 1;
          socket.send(JSON.stringify({ op: 11 }));
          break;
        case 2:
          this.identify(socket, payload.d);
          break;
        case 6:
          this.resume(socket, payload.d);
          break;
        case 8:
          this.requestMembers(socket, payload.d);
          break;
        default:
          // Presence and voice updates mean nothing to the double.
          break;
      }
    });
  }

  private identify(socket: WebSocket, data: Json): void {
    if (data.token !== this.hooks.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies += 1;
    const session: Session = { id: randomToken().slice(0, 32), socket, seq: 0, intents: Number(data.intents ?? 0) };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', this.hooks.ready(session.id, this.url()));
    for (const guild of this.hooks.guildCreates()) this.send(session, 'GUILD_CREATE', guild);
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  private resume(socket: WebSocket, data: Json): void {
    const session = this.sessions.get(String(data.session_id));
    if (!session || data.token !== this.hooks.token) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    this.resumes += 1;
    session.socket = socket;
    this.send(session, 'RESUMED', {});
  }

  /**
   * Request Guild Members (op 8): GUILD_MEMBERS_CHUNK dispatches of at most 1000 members, as Discord
   * sends them. Listing everyone (an empty query) needs the privileged GUILD_MEMBERS intent; without
   * it Discord answers nothing, and the double records the request as a problem.
   */
  private requestMembers(socket: WebSocket, data: Json): void {
    const session = [...this.sessions.values()].find((s) => s.socket === socket);
    if (!session) return;
    if ((session.intents & GUILD_MEMBERS_INTENT) === 0 && data.query === '') {
      this.hooks.log('gateway: op 8 asked for every member without the GUILD_MEMBERS intent');
      return;
    }
    const members = this.hooks.guildMembers(String(data.guild_id)) ?? [];
    const query = typeof data.query === 'string' ? data.query.toLowerCase() : '';
    const ids = Array.isArray(data.user_ids) ? (data.user_ids as string[]) : null;
    const matching = members.filter((m) => {
      const user = m.user as { id: string; username: string };
      return ids ? ids.includes(user.id) : user.username.toLowerCase().startsWith(query);
    });
    const limit = Number(data.limit ?? 0);
    const chosen = limit > 0 ? matching.slice(0, limit) : matching;
    const count = Math.max(1, Math.ceil(chosen.length / 1000));
    for (let i = 0; i < count; i++) {
      this.send(session, 'GUILD_MEMBERS_CHUNK', {
        guild_id: data.guild_id,
        members: chosen.slice(i * 1000, (i + 1) * 1000),
        chunk_index: i,
        chunk_count: count,
        ...(data.nonce ? { nonce: data.nonce } : {}),
      });
    }
  }

  private send(session: Session, event: string, data: Json): void {
    session.seq += 1;
    session.socket.send(JSON.stringify({ op: 0, t: event, s: session.seq, d: data }));
  }
}
