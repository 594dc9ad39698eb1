// Slack's Socket Mode, doubled: apps.connections.open hands out a WebSocket URL, the socket says
// hello, and each request arrives as an envelope the app must acknowledge with its envelope_id
// (the ack that, over HTTP, is the response).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { patience } from '../patience.ts';
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface EnvelopeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class SocketModeDouble {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (ack: EnvelopeAck) => void>();
  private connected: (() => void) | undefined;
  private readonly ready: Promise<void>;
  private counter = 0;

  constructor(
    server: Server,
    readonly path = '/socket-mode',
  ) {
    this.ready = new Promise((resolve) => {
      this.connected = resolve;
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!req.url?.startsWith(this.path)) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as EnvelopeAck;
      this.acks.get(ack.envelope_id)?.(ack);
      this.acks.delete(ack.envelope_id);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'double' }, connection_info: { app_id: 'A0DOUBLE' } }));
    this.connected?.();
  }

  /** Resolves once the app has connected and been greeted. */
  whenConnected(): Promise<void> {
    return this.ready;
  }

  /** Sends one request as Slack would over the socket; resolves with the app's acknowledgement. */
  send(type: EnvelopeType, payload: Record<string, unknown>, timeoutMs?: number): Promise<EnvelopeAck> {
    const limitMs = patience(timeoutMs);
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error('no Socket Mode connection'));
    this.counter += 1;
    const envelopeId = `env-${this.counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${envelopeId} within ${limitMs} ms`)), limitMs);
      this.acks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }),
      );
    });
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
  }
}
