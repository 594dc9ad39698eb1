// The classifier's HTTP service against clients that stall or leave, over real sockets, with the
// real pipeline and the shipped head on real Postgres: slow uploads hold no queue slot, a client
// that leaves while waiting gives its place back, slow requests are cut off with 408, and the
// service refuses to start open on a reachable address.
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHeadPath, loadHeadFile } from '../../../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import { requesterHeaders } from '../../../src/classifier/service/http-protocol.ts';
import { createClassifierServer, type ClassifierServerOptions } from '../../../src/classifier/service/http-server.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { openAccessRefusal } from '../../../src/classifier/service/open-access.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { testPhoto } from './support.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let db: TestDatabase;
let classifier: InProcessClassifier;
let photo: Uint8Array;
const servers: Server[] = [];
/** Service processes a test started; any still running at the end (a failed test) are stopped. */
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // The shipped head is imported as the active model, so photos are classified without training here.
  const { backbone } = await loadHeadFile(defaultHeadPath());
  classifier = await startInProcessClassifier({ stores: classifierRepositories(db.prisma), backbone, threshold: 0.5, defaultHeadFile: defaultHeadPath() });
  photo = await testPhoto('beignets', 0);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await classifier?.close();
  await db?.drop();
});

async function listen(options: Omit<ClassifierServerOptions, 'classifier'>) {
  const server = createClassifierServer({ classifier, ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, url: `http://127.0.0.1:${port}` };
}

/** A raw client that sends `head` (and maybe a little body) and then stalls; `closed` has all it received. */
function stalledClient(port: number, head: string, body: Uint8Array = new Uint8Array()) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.write(head);
  if (body.byteLength > 0) socket.write(body);
  return { socket, closed, received: () => received };
}

const uploadHead = (declaredBytes: number) =>
  `POST /v1/classify HTTP/1.1\r\nHost: classifier\r\nContent-Type: image/jpeg\r\nContent-Length: ${declaredBytes}\r\n\r\n`;

/** A whole classify request over its own connection, with the requester's member id in its headers. */
function classifyAs(url: string, memberId: number) {
  const req = request(new URL('/v1/classify', url), {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'image/jpeg', 'content-length': photo.byteLength, ...requesterHeaders({ name: `m${memberId}`, memberId }) },
  });
  const answer = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  req.end(photo);
  return { req, answer };
}

/** Holds the only slot with work of the test's own, released when the test says. */
function occupy(server: ReturnType<typeof createClassifierServer>) {
  let release!: () => void;
  const done = server.queue.run(() => new Promise<void>((resolve) => (release = resolve)));
  return async () => {
    release();
    await done;
  };
}

describe('slow and vanishing clients', () => {
  it('serves a photo while two uploads stall: a body is read before its request takes a queue slot', async () => {
    // Long timeouts, so it is the order of reading and queueing that keeps the service free, not a cut-off.
    const { server, port, url } = await listen({ queue: { concurrency: 1, maxWaiting: 1 }, requestTimeoutMs: 600_000 });
    let arrived = 0;
    server.on('request', () => (arrived += 1));
    const stalled = [
      stalledClient(port, uploadHead(photo.byteLength), photo.subarray(0, 300)),
      stalledClient(port, uploadHead(photo.byteLength), photo.subarray(0, 300)),
    ];
    // Both stalled requests are in the service's hands (past their headers) before the real one is sent.
    await expect.poll(() => arrived, { timeout: 20_000, interval: 20 }).toBe(2);

    const response = await fetch(`${url}/v1/classify`, { method: 'POST', body: photo });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { classes: unknown[] }).classes).toHaveLength(7);
    expect(server.queue.stats).toMatchObject({ running: 0, waiting: 0 });
    // The stalled uploads are still connected and unanswered: they were passed, not refused.
    for (const client of stalled) {
      expect(client.socket.destroyed).toBe(false);
      expect(client.received()).toBe('');
      client.socket.destroy();
    }
  });

  it('drops a waiting request whose client left: it never runs and its place goes to the next', async () => {
    const { server, url } = await listen({ queue: { concurrency: 1, maxWaiting: 1 } });
    const release = occupy(server);
    const leaver = classifyAs(url, 9001);
    leaver.answer.catch(() => {}); // it hangs up on purpose
    await expect.poll(() => server.queue.stats.waiting, { timeout: 20_000, interval: 20 }).toBe(1);
    leaver.req.destroy();
    await expect.poll(() => server.queue.stats, { timeout: 20_000, interval: 20 }).toMatchObject({ waiting: 0, abandoned: 1 });

    // With the one waiting place free again, the next request waits instead of being refused as busy.
    const next = classifyAs(url, 9002);
    await expect.poll(() => server.queue.stats.waiting, { timeout: 20_000, interval: 20 }).toBe(1);
    await release();
    expect(await next.answer).toBe(200);
    expect(await db.prisma.prediction.count({ where: { memberId: 9002 } })).toBe(1);
    expect(await db.prisma.prediction.count({ where: { memberId: 9001 } })).toBe(0);
    expect(server.queue.stats).toMatchObject({ running: 0, waiting: 0, abandoned: 1 });
  });

  it('cuts off an upload slower than the request timeout, and headers slower than theirs, with a 408 in both languages', async () => {
    const { port, url } = await listen({ queue: { concurrency: 1, maxWaiting: 1 }, requestTimeoutMs: 1_500, headersTimeoutMs: 1_000 });
    const slowBody = stalledClient(port, uploadHead(photo.byteLength), photo.subarray(0, 300));
    const slowHeaders = stalledClient(port, 'POST /v1/classify HTTP/1.1\r\nHost: classifier\r\nContent-Le');

    for (const answer of [await slowBody.closed, await slowHeaders.closed]) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; ko: string; en: string } };
      expect(body.error.code).toBe('request-timeout');
      expect(body.error.en).toContain('too slowly');
      expect(body.error.ko).toContain('끊었습니다');
    }
    // The service itself carries on.
    expect((await fetch(`${url}/v1/classify`, { method: 'POST', body: photo })).status).toBe(200);
  });

  it('refuses a headers timeout longer than the request timeout, naming both', () => {
    expect(() => createClassifierServer({ classifier, requestTimeoutMs: 1_000, headersTimeoutMs: 2_000 })).toThrow(
      /headers timeout \(2000 ms\).*request timeout \(1000 ms\)/,
    );
  });
});

describe('open access', () => {
  it('allows an address without a token only on loopback, or when CLASSIFIER_ALLOW_OPEN says so', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      expect(openAccessRefusal(host, {}), host).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.4', '192.168.1.20', 'classifier.internal', '::ffff:10.0.0.1', '128.0.0.1']) {
      expect(openAccessRefusal(host, {}), host).toMatch(/CLASSIFIER_TOKEN/);
      expect(openAccessRefusal(host, { CLASSIFIER_TOKEN: '   ' }), host).toMatch(/CLASSIFIER_TOKEN/);
      expect(openAccessRefusal(host, { CLASSIFIER_ALLOW_OPEN: 'no' }), host).toMatch(/CLASSIFIER_TOKEN/);
      expect(openAccessRefusal(host, { CLASSIFIER_TOKEN: 't0ken' }), host).toBeUndefined();
      expect(openAccessRefusal(host, { CLASSIFIER_ALLOW_OPEN: '1' }), host).toBeUndefined();
    }
  });

  /** `npm run classifier` as a child process, with the platform and classifier variables of this shell removed. */
  function runServer(args: string[], env: Record<string, string>) {
    const childEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(DISCORD_|SLACK_|CLASSIFIER_|DATABASE_URL$)/.test(name)) childEnv[name] = value;
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/classifier-server.ts', ...args], { cwd: root, env: { ...childEnv, ...env } });
    children.push(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  it('refuses to start on 0.0.0.0 without CLASSIFIER_TOKEN, in one line that says what to do', async () => {
    const run = runServer(['--host', '0.0.0.0', '--port', '0'], { DATABASE_URL: db.url });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[classifier\] refusing to listen on 0\.0\.0\.0 without CLASSIFIER_TOKEN/);
    expect(lines[0]).toContain('CLASSIFIER_ALLOW_OPEN=1');
  });

  it('starts on 0.0.0.0 with CLASSIFIER_TOKEN, asks every caller for it, and never prints it', async () => {
    const token = 'cls-token-4e1d0c2b9a8f';
    const run = runServer(['--host', '0.0.0.0', '--port', '0'], { DATABASE_URL: db.url, CLASSIFIER_TOKEN: token });
    try {
      await expect.poll(() => /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(run.output()), { timeout: 120_000, interval: 100 }).toBeTruthy();
      const port = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(run.output())![1];
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/v1/models`)).status).toBe(401);
      expect((await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    expect(run.output()).not.toContain(token);
  }, 180_000);
});
