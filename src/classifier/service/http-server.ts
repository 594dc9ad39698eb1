// The classifier as an HTTP service (node:http, no framework): a GPU machine runs it, bots point
// CLASSIFIER_URL at it. Photo requests wait in a bounded queue; past it, 503 "busy" with
// Retry-After. A request is authenticated, then its body read, and only then does it queue, so a
// slow upload holds a socket (until the request timeout, 408) but never a slot; a waiting request
// whose client left is dropped. Every failure is answered as JSON; none takes the process down.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { UserError, userError } from '../../core/errors.ts';
import { API, readRequester, statusFor, wireError, type TrainLine, resultToWire, whereToWire } from './http-protocol.ts';
import { AbandonedError, BusyError, RequestQueue, type QueueOptions } from './request-queue.ts';
import type { ClassifierService } from './types.ts';

export interface ClassifierServerOptions {
  classifier: ClassifierService;
  /** Largest photo body (default 20 MB, the pipeline's own limit). */
  maxBodyBytes?: number;
  queue?: Partial<QueueOptions>;
  /** CLASSIFIER_TOKEN: when set, every request but /health must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Longest a client may take to send a whole request, headers and body (default 60 s); past it, 408. */
  requestTimeoutMs?: number;
  /** Longest for the request line and headers (default 10 s, at most requestTimeoutMs); past it, 408. */
  headersTimeoutMs?: number;
  log?: (line: string) => void;
}

const JSON_LIMIT = 64 * 1024;
/** After a 413, at most this much more is read (and dropped) so the client sees the answer, then the socket closes. */
const DRAIN_LIMIT = 32 * 1024 * 1024;

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: UserError,
  ) {
    super(problem.message);
  }
}

const errors = {
  tooLarge: (max: number) =>
    new HttpProblem(
      413,
      userError('photo.too-large', `사진이 너무 큽니다. ${mb(max)} 이하로 보내 주세요.`, `The photo is too large. Send one of at most ${mb(max)}.`),
    ),
  busy: () => userError('busy', '분류기가 지금 바쁩니다. 잠시 후 다시 시도해 주세요.', 'The classifier is busy right now. Please try again in a moment.'),
  unauthorized: () => new HttpProblem(401, userError('unauthorized', '분류기 토큰이 없거나 맞지 않습니다.', 'The classifier token is missing or wrong.')),
  timedOut: () =>
    userError(
      'request-timeout',
      '요청이 너무 느리게 도착해 끊었습니다. 다시 보내 주세요.',
      'The request arrived too slowly and was cut off. Please send it again.',
    ),
  malformed: () => userError('bad-request', '요청을 읽을 수 없습니다.', 'The request could not be read.'),
  notFound: () => new HttpProblem(404, userError('not-found', '그런 경로는 없습니다.', 'No such endpoint.')),
  badJson: () => new HttpProblem(400, userError('bad-json', '요청 본문이 올바른 JSON이 아닙니다.', 'The request body is not valid JSON.')),
  internal: () =>
    userError('internal', '분류기에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.', 'Something went wrong in the classifier. Please try again shortly.'),
};

/** Reads a body, refusing it as soon as it passes `maxBytes` (declared or actually streamed). */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw errors.tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw errors.tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request, JSON_LIMIT);
  if (body.byteLength === 0) return {};
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw errors.badJson();
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  response.end(json);
}

/** Drops what the client still sends (up to a limit) so it can read our early answer. */
function drain(request: IncomingMessage): void {
  let dropped = 0;
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_LIMIT) request.destroy();
  });
  request.on('error', () => {});
  request.resume();
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** A whole answer written straight to the socket, for errors Node raises before or outside a response. */
function rawAnswer(status: number, reason: string, problem: UserError): string {
  const json = JSON.stringify(wireError(problem));
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${json}`;
}

function timeouts(options: ClassifierServerOptions): { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeout = options.headersTimeoutMs ?? Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  if (!(Number.isSafeInteger(requestTimeout) && requestTimeout > 0 && Number.isSafeInteger(headersTimeout) && headersTimeout > 0)) {
    throw new Error('the classifier service needs request and headers timeouts of at least 1 ms');
  }
  if (headersTimeout > requestTimeout)
    throw new Error(`the headers timeout (${headersTimeout} ms) cannot be longer than the request timeout (${requestTimeout} ms)`);
  // Node looks for expired requests only this often (30 s by default), which would let a timeout run late by that much.
  const connectionsCheckingInterval = Math.max(25, Math.min(1_000, Math.floor(headersTimeout / 4)));
  return { requestTimeout, headersTimeout, connectionsCheckingInterval };
}

function positiveInt(text: string | undefined): number | undefined {
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export function createClassifierServer(options: ClassifierServerOptions): Server & { queue: RequestQueue } {
  const { classifier } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const queue = new RequestQueue({ concurrency: 2, maxWaiting: 16, retryAfterSeconds: 2, ...options.queue });
  const log = options.log ?? (() => {});

  async function train(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await readJson(request);
    const who = readRequester(request.headers);
    const line = (value: TrainLine) => {
      if (!response.headersSent) response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
      response.write(`${JSON.stringify(value)}\n`);
    };
    try {
      const result = await classifier.train(who, (progress) => line({ progress }));
      line({ result: resultToWire(result) });
      response.end();
    } catch (error) {
      // Before the first line the status can still say what went wrong; after it, the last line does.
      if (!response.headersSent) throw error;
      line(error instanceof UserError ? wireError(error) : wireError(errors.internal()));
      response.end();
      if (!(error instanceof UserError)) log(`classifier http: training failed: ${String(error)}`);
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://classifier.local');
    const method = request.method ?? 'GET';
    const path = url.pathname;
    const who = () => readRequester(request.headers);
    // A response that closes before it finished means the client left: its place in line goes.
    const clientLeft = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) clientLeft.abort();
    });
    /** Photo work queues only once its body is in: a slow upload never holds a slot. */
    const queued = <T>(work: () => Promise<T>) => queue.run(work, clientLeft.signal);

    if (method === 'GET' && path === API.health) {
      const status = await classifier.status(who());
      return send(response, 200, {
        ok: true,
        backend: status.backend,
        backbone: status.backbone,
        activeVersion: status.active?.version ?? null,
        queue: queue.stats,
      });
    }
    if (options.token && !tokenMatches(request.headers.authorization, options.token)) throw errors.unauthorized();
    if (method === 'POST' && path === API.classify) {
      const photo = await readBody(request, maxBodyBytes);
      return send(response, 200, await queued(() => classifier.classify(photo, who())));
    }
    if (method === 'POST' && path === API.explain) {
      if (request.headers['content-type']?.startsWith('application/json')) {
        const predictionId = positiveInt(String((await readJson(request)).predictionId));
        if (!predictionId) throw errors.badJson();
        return send(response, 200, await queued(() => classifier.explain({ predictionId })));
      }
      const photo = await readBody(request, maxBodyBytes);
      return send(response, 200, await queued(() => classifier.explain({ photo })));
    }
    if (method === 'POST' && path === API.train) return train(request, response);
    if (method === 'GET' && path === API.models) return send(response, 200, await classifier.listModels(who()));
    if (method === 'GET' && path === API.status) return send(response, 200, await classifier.status(who()));
    if (method === 'GET' && path === API.labels) return send(response, 200, await classifier.labels(who()));

    const activate = /^\/v1\/models\/(\d+)\/activate$/.exec(path);
    if (method === 'POST' && activate) {
      const version = positiveInt(activate[1]);
      if (!version) throw errors.notFound();
      return send(response, 200, await classifier.activate(version, who()));
    }
    const correct = /^\/v1\/predictions\/(\d+)\/correction$/.exec(path);
    if (method === 'POST' && correct) {
      const predictionId = positiveInt(correct[1]);
      const { label } = await readJson(request);
      if (!predictionId || typeof label !== 'string') throw errors.badJson();
      return send(response, 200, await classifier.correct(predictionId, label, who()));
    }
    const where = /^\/v1\/predictions\/(\d+)\/where$/.exec(path);
    if (method === 'POST' && where && classifier.where) {
      const predictionId = positiveInt(where[1]);
      if (!predictionId) throw errors.notFound();
      await readJson(request);
      // Drawing runs the backbone again: it waits its turn like a photo.
      return send(response, 200, whereToWire(await queued(() => classifier.where!(predictionId, who()))));
    }
    throw errors.notFound();
  }

  function answerFor(error: unknown, request: IncomingMessage): { status: number; body: unknown; headers: Record<string, string> } {
    if (error instanceof HttpProblem) return { status: error.status, body: wireError(error.problem), headers: {} };
    if (error instanceof BusyError) return { status: 503, body: wireError(errors.busy()), headers: { 'retry-after': String(error.retryAfterSeconds) } };
    if (error instanceof UserError) return { status: statusFor(error), body: wireError(error), headers: {} };
    log(`classifier http: ${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { status: 500, body: wireError(errors.internal()), headers: {} };
  }

  /** The response each socket is on, so a timeout never writes over an answer already under way. */
  const current = new WeakMap<Duplex, ServerResponse>();
  const server = createServer(timeouts(options), (request, response) => {
    // Held here: Node lets go of request.socket once the exchange is over.
    const socket = request.socket;
    current.set(socket, response);
    route(request, response).catch((error: unknown) => {
      if (error instanceof AbandonedError) return; // the client left while waiting: nobody to answer
      if (socket.destroyed) {
        // Gone mid-upload (left, or cut off by a timeout) is no fault here; a failure after the whole
        // request arrived still is, and answerFor logs it.
        if (request.complete) answerFor(error, request);
        return;
      }
      const answer = answerFor(error, request);
      if (!request.complete) {
        // Answering before the body is read: drop the rest and close, so the client sees the answer.
        drain(request);
        answer.headers.connection = 'close';
      }
      send(response, answer.status, answer.body, answer.headers);
    });
  });
  // A malformed request, a reset mid-upload or a request past its timeout is the client's problem,
  // never a crash; Node leaves the socket to us once this listener exists.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = current.get(socket);
    const answering = response?.headersSent && !response.writableFinished;
    if (!socket.writable || answering) {
      socket.destroy();
      return;
    }
    const answer =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? rawAnswer(408, 'Request Timeout', errors.timedOut()) : rawAnswer(400, 'Bad Request', errors.malformed());
    socket.end(answer, () => socket.destroy());
  });
  return Object.assign(server, { queue });
}
