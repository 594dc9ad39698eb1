// `npm run bench:classifier-service`: what the service adds around the pipeline, measured on
// real photos: a prediction whose photo is new (backbone runs) against one the embedding cache
// already holds, in process and over HTTP, and the first training run against a cached one.
// Uses DATABASE_URL when set, else an embedded PGlite in a temporary folder.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { DEFAULT_HEAD_BACKBONE, projectRoot, recipeFor } from '../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../src/classifier/service/create.ts';
import { HttpClassifier } from '../src/classifier/service/http-client.ts';
import { createClassifierServer } from '../src/classifier/service/http-server.ts';
import type { ClassifierService, Requester } from '../src/classifier/service/types.ts';
import { classifierRepositories } from '../src/db/classifier/index.ts';

const DATASET = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7');
const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 24);
const PER_CLASS = Number(process.env.BENCH_PER_CLASS ?? 10);
/** The shipped head's backbone: what the bot runs (BENCH_BACKBONE for another). */
const BACKBONE = process.env.BENCH_BACKBONE ?? DEFAULT_HEAD_BACKBONE;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const summary = (ms: number[]) => `p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms (n=${ms.length})`;

async function timeEach(service: ClassifierService, photos: Uint8Array[], who: Requester): Promise<number[]> {
  const times: number[] = [];
  for (const photo of photos) {
    const start = performance.now();
    await service.classify(photo, who);
    times.push(performance.now() - start);
  }
  return times;
}

async function testPhotos(count: number): Promise<Uint8Array[]> {
  const labels = (await readdir(path.join(DATASET, 'test'))).sort();
  const photos: Uint8Array[] = [];
  for (let i = 0; photos.length < count; i++) {
    const dir = path.join(DATASET, 'test', labels[i % labels.length]!);
    const files = (await readdir(dir)).sort();
    photos.push(new Uint8Array(await readFile(path.join(dir, files[Math.floor(i / labels.length)]!))));
  }
  return photos;
}

const temp = process.env.DATABASE_URL ? undefined : await mkdtemp(path.join(tmpdir(), 'fv-bench-'));
const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: path.join(temp!, 'pglite') });
console.log(`database: ${database.describe}`);
try {
  let started = performance.now();
  const classifier = await startInProcessClassifier({
    stores: classifierRepositories(database.prisma),
    backbone: BACKBONE,
    threshold: 0.5,
    trainingData: { dir: path.join(DATASET, 'train'), perClass: PER_CLASS },
    defaultHeadFile: null,
  });
  console.log(`start (backbone load, registry): ${(performance.now() - started).toFixed(0)} ms`);

  const classroom = await database.prisma.classroom.create({ data: { platform: 'console', externalId: `bench-${Date.now()}` } });
  const who = { name: 'bench', classroomId: classroom.id };
  started = performance.now();
  const first = await classifier.train(who);
  const firstTrain = performance.now() - started;
  started = performance.now();
  await classifier.train(who);
  const cachedTrain = performance.now() - started;
  console.log(
    `training on ${first.examples.dataset} photos: first run ${(firstTrain / 1000).toFixed(1)} s (embeds them), next run ${(cachedTrain / 1000).toFixed(1)} s (cache only)`,
  );

  const photos = await testPhotos(PHOTOS);
  const miss = await timeEach(classifier, photos, who);
  const hit = await timeEach(classifier, photos, who);
  console.log(`in process, new photo (decode + ${recipeFor(BACKBONE).mirror ? '2 backbone passes' : '1 backbone pass'} + head + 3 writes): ${summary(miss)}`);
  console.log(`in process, cached photo (sha256 + cache read + head + prediction row): ${summary(hit)}`);

  const server = createClassifierServer({ classifier, queue: { concurrency: 2, maxWaiting: 64 } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new HttpClassifier({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  console.log(`over HTTP, cached photo: ${summary(await timeEach(client, photos, who))}`);
  started = performance.now();
  await Promise.all(photos.map((photo) => client.classify(photo, who)));
  console.log(
    `over HTTP, ${photos.length} cached photos at once (concurrency 2): ${((photos.length / (performance.now() - started)) * 1000).toFixed(1)} photos/s`,
  );
  await new Promise((resolve) => server.close(resolve));

  const rss = process.memoryUsage().rss;
  console.log(`rss now: ${(rss / 1e6).toFixed(0)} MB; embeddings cached: ${(await classifier.status(who)).embeddingsCached}`);
  await classifier.close();
} finally {
  await database.close();
  if (temp) await rm(temp, { recursive: true, force: true });
}
