// The shipped default head (models/heads, written by `npm run train`) becomes version 1 of an
// empty registry, once, with the metrics and data fingerprint recorded beside it.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultHeadPath, loadHeadFile } from '../../../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { testPhoto } from './support.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';

let db: TestDatabase;
const started: InProcessClassifier[] = [];

/** The service runs the backbone the shipped head was trained on. */
let backbone: string;

const start = async () => {
  const classifier = await startInProcessClassifier({
    stores: classifierRepositories(db.prisma),
    backbone,
    threshold: 0.5,
    defaultHeadFile: defaultHeadPath(),
  });
  started.push(classifier);
  return classifier;
};

beforeAll(async () => {
  backbone = (await loadHeadFile(defaultHeadPath())).backbone;
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const classifier of started) await classifier.close();
  await db?.drop();
});

it('imports the shipped head as active version 1, with its metrics and fingerprint, only into an empty registry', async () => {
  const shipped = JSON.parse(await readFile(defaultHeadPath().replace(/\.json$/, '.metrics.json'), 'utf8')) as {
    validation: { accuracy: number };
    trainingData: { fingerprint: string };
  };
  const [first, second] = await Promise.all([start(), start()]);
  const models = await first.listModels({ name: 'mina' });
  expect(models).toHaveLength(1);
  expect(models[0]).toMatchObject({
    version: 1,
    active: true,
    backbone,
    accuracy: shipped.validation.accuracy,
    dataFingerprint: shipped.trainingData.fingerprint,
  });
  expect(models[0]!.labels).toHaveLength(7);
  expect(await second.listModels({ name: 'mina' })).toEqual(models);

  const result = await first.classify(await testPhoto('bibimbap', 0), { name: 'mina' });
  expect(result.modelVersion).toBe(1);
});
