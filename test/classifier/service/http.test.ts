// The classifier's HTTP service (node:http) and its client, over a real socket, with the real
// pipeline, real Postgres and real photos: classify, explain, correct, train, the registry,
// the byte limit (413), the bounded queue (503 busy) and health.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import { HttpClassifier } from '../../../src/classifier/service/http-client.ts';
import { createClassifierServer } from '../../../src/classifier/service/http-server.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import type { TrainingProgress } from '../../../src/classifier/service/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { BACKBONE, classroomId, testPhoto, trainDefaultHead, TRAIN_DIR } from './support.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';

const LIMIT = 1024 * 1024;
let db: TestDatabase;
let classifier: InProcessClassifier;
const servers: ReturnType<typeof createClassifierServer>[] = [];

async function listen(queue: { concurrency: number; maxWaiting: number }, token?: string): Promise<string> {
  const server = createClassifierServer({ classifier, maxBodyBytes: LIMIT, queue: { ...queue, retryAfterSeconds: 3 }, ...(token ? { token } : {}) });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A raw request whose body the test writes piece by piece (no Content-Length: chunked). */
function rawPost(url: string, path: string) {
  const target = new URL(path, url);
  let settle!: (value: { status: number; headers: Record<string, unknown>; body: string }) => void;
  const answer = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve) => (settle = resolve));
  const req = request(target, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => settle({ status: res.statusCode ?? 0, headers: res.headers, body }));
  });
  req.on('error', () => {}); // the server may close while we still write past the limit
  return { req, answer };
}

let url: string;
let client: HttpClassifier;
/** The service's answer to a photo before any model existed, asked in beforeAll before anything trains. */
let beforeAnyModel: { status: number; body: { error: { code: string; ko: string; en: string } } };
/** The class these tests train and classify in (heads are per class). */
let room: { name: string; classroomId: number };

/**
 * An active model for the tests that classify: a shared default for requests that name no class
 * (trained here once), and the room's head, its own when a test trained one.
 */
async function activeVersion(): Promise<number> {
  if (!(await classifier.listModels({ name: 'default' })).some((m) => m.active)) await trainDefaultHead(classifier, db.prisma);
  return (await classifier.listModels(room)).find((m) => m.active)!.version;
}

beforeAll(async () => {
  db = await createTestDatabase();
  room = { name: 'test', classroomId: await classroomId(db.prisma) };
  classifier = await startInProcessClassifier({
    stores: classifierRepositories(db.prisma),
    backbone: BACKBONE,
    threshold: 0.5,
    trainingData: { dir: TRAIN_DIR, perClass: 3 },
    training: { epochs: 40 },
    defaultHeadFile: null,
  });
  url = await listen({ concurrency: 2, maxWaiting: 4 });
  client = new HttpClassifier({ url });
  const response = await fetch(`${url}/v1/classify`, { method: 'POST', body: await testPhoto('bibimbap', 0) });
  beforeAnyModel = { status: response.status, body: (await response.json()) as typeof beforeAnyModel.body };
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await classifier?.close();
  await db?.drop();
});

describe('over HTTP', () => {
  it('answers health', async () => {
    const active = (await classifier.listModels({ name: 'default' })).find((m) => m.active)?.version ?? null;
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, backbone: BACKBONE, activeVersion: active, queue: { running: 0, waiting: 0 } });
  });

  it('says, in both languages, that no model is active yet', async () => {
    const { status, body } = beforeAnyModel;
    expect(status).toBe(409);
    expect(body.error.code).toBe('no-active-model');
    expect(body.error.ko).toContain('/model train');
    expect(body.error.en).toContain('/model train');
  });

  it('trains through the client, streaming progress, and lists and activates versions', async () => {
    const progress: TrainingProgress[] = [];
    const before = (await classifier.listModels(room)).map((m) => m.version);
    const next = Math.max(0, ...before) + 1;
    const trained = await client.train({ name: 'Teacher', memberId: 7, classroomId: room.classroomId }, (p) => void progress.push(p));
    expect(trained.model).toMatchObject({ version: next, active: true, trainedBy: 'Teacher' });
    expect(progress.filter((p) => p.phase === 'training').length).toBeGreaterThan(1);
    expect(Buffer.from(trained.confusionPng.subarray(1, 4)).toString()).toBe('PNG');
    expect(progress[0]).toMatchObject({ phase: 'started' });
    expect((await client.listModels(room)).map((m) => m.version).sort((a, b) => a - b)).toEqual([...before, next].sort((a, b) => a - b));
    expect((await client.activate(next, room)).active).toBe(true);
    const refused = await client.activate(next + 5, room).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).code).toBe('version-not-found');
  });

  it('classifies a real photo, explains it and takes a correction', async () => {
    const version = await activeVersion();
    const who = { name: '민아', memberId: 3, classroomId: room.classroomId };
    const result = await client.classify(await testPhoto('bibimbap', 1), who);
    expect(result.classes).toHaveLength(7);
    expect(result.modelVersion).toBe(version);
    const row = await db.prisma.prediction.findUniqueOrThrow({ where: { id: result.predictionId } });
    expect(row).toMatchObject({ memberId: 3, classroomId: room.classroomId, imageSha256: result.imageSha256 });

    const explanation = await client.explain({ predictionId: result.predictionId });
    expect(explanation.trace).toMatchObject({ input: [1, 224, 224, 3], features: [1, 768], output: [1, 7], headParameters: 5383 });
    expect(explanation.imagenet).toHaveLength(3);
    expect((await client.explain({ photo: await testPhoto('bibimbap', 1) })).imagenet).toEqual(explanation.imagenet);

    await client.correct(result.predictionId, 'bibimbap', who);
    expect(await db.prisma.labelledExample.count({ where: { source: 'correction', memberId: 3 } })).toBe(1);
    expect(await db.prisma.labelledExample.count({ where: { source: 'correction', memberId: 3, review: 'pending', classroomId: room.classroomId } })).toBe(1);
    expect(await client.labels(room)).toContain('bibimbap');
    expect((await client.status(room)).predictions).toBeGreaterThan(0);
  });

  it('draws "where it looked" over HTTP, the same map as in process, and never for another class', async () => {
    await activeVersion();
    const who = { name: 'Jae', memberId: 4, classroomId: room.classroomId };
    const result = await client.classify(await testPhoto('baklava', 2), who);
    const drawn = await client.where(result.predictionId, who);
    const local = await classifier.where(result.predictionId, who);
    expect(Buffer.from(drawn.png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(drawn).toMatchObject({ predictionId: result.predictionId, label: result.classes[0]!.label, backbones: local.backbones });
    expect(drawn.logit).toBeCloseTo(local.logit, 6);

    const otherClass = await client.where(result.predictionId, { name: 'outsider', classroomId: room.classroomId + 1000 }).catch((e: unknown) => e);
    expect(otherClass).toBeInstanceOf(UserError);
    expect((otherClass as UserError).code).toBe('prediction-not-found');
  });

  it('refuses a non-image with the pipeline’s own words (422)', async () => {
    await activeVersion(); // without a model, the service would refuse it for that first
    const error = await client.classify(new TextEncoder().encode('plain text'), { name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('photo.not-image');
    const response = await fetch(`${url}/v1/classify`, { method: 'POST', body: 'plain text' });
    expect(response.status).toBe(422);
  });

  it('refuses a body over the byte limit with 413, by its declared length', async () => {
    const response = await fetch(`${url}/v1/classify`, { method: 'POST', body: new Uint8Array(LIMIT + 1) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('photo.too-large');
  });

  it('refuses a streamed body with 413 as soon as it passes the limit', async () => {
    const { req, answer } = rawPost(url, '/v1/classify');
    for (let sent = 0; sent <= LIMIT; sent += 64 * 1024) req.write(new Uint8Array(64 * 1024));
    const response = await answer;
    req.destroy();
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'photo.too-large' } });
    // The service keeps serving.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('answers 503 busy with Retry-After when the queue is full, then serves again', async () => {
    await activeVersion(); // what it serves again is a classification
    const tiny = await listen({ concurrency: 1, maxWaiting: 0 });
    const { queue } = servers.at(-1)!;
    const photo = await testPhoto('baklava', 0);
    // Work already running holds the only slot (held here by the test until it lets go).
    let release!: () => void;
    const running = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    expect(((await (await fetch(`${tiny}/health`)).json()) as { queue: { running: number } }).queue.running).toBe(1);

    const busy = await fetch(`${tiny}/v1/classify`, { method: 'POST', body: photo });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('3');
    const body = (await busy.json()) as { error: { code: string; ko: string; en: string } };
    expect(body.error).toMatchObject({ code: 'busy' });
    expect(body.error.en).toContain('busy');
    expect(body.error.ko).toContain('바쁩니다');
    const viaClient = await new HttpClassifier({ url: tiny }).classify(photo, { name: 'x' }).catch((e: unknown) => e);
    expect((viaClient as UserError).code).toBe('busy');

    release();
    await running;
    expect((await fetch(`${tiny}/v1/classify`, { method: 'POST', body: photo })).status).toBe(200);
  });

  it('asks for the bearer token when CLASSIFIER_TOKEN is set (health stays open)', async () => {
    await activeVersion(); // so the authorised listing has something to show
    const guarded = await listen({ concurrency: 1, maxWaiting: 1 }, 's3cret-token');
    expect((await fetch(`${guarded}/health`)).status).toBe(200);
    const anonymous = await fetch(`${guarded}/v1/models/1/activate`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const wrong = await new HttpClassifier({ url: guarded, token: 'guess' }).listModels(room).catch((e: unknown) => e);
    expect((wrong as UserError).code).toBe('unauthorized');
    const listed = await new HttpClassifier({ url: guarded, token: 's3cret-token' }).listModels(room);
    expect(listed.map((m) => m.version)).toEqual((await classifier.listModels(room)).map((m) => m.version));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('answers an unknown path with a JSON 404', async () => {
    const response = await fetch(`${url}/v1/nothing`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });

  it('turns an unreachable service into a clear UserError for the bot', async () => {
    const error = await new HttpClassifier({ url: 'http://127.0.0.1:9' }).status(room).catch((e: unknown) => e);
    expect((error as UserError).code).toBe('classifier-unreachable');
  });
});
