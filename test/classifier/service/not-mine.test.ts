// "Not one of mine" with the shipped head and its rule (models/heads/default.not-mine.json), on
// real photos through the real pipeline: dishes the head never learned, from the half of
// other-dishes that the rule was not chosen on, a picture that is no food at all, and photos of
// the seven from the test split.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { besideHead, defaultHeadPath, loadHeadFile, projectRoot, renderConfusionPng, type NotMineRule } from '../../../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { predictionReply } from '../../../src/classifier/service/photo-replies.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { testPhoto } from './support.ts';

const OTHER_DISHES = path.join(projectRoot, '..', 'shared', 'datasets', 'other-dishes');
const otherDish = async (dish: string, file: string) => new Uint8Array(await readFile(path.join(OTHER_DISHES, dish, file)));
const who = { name: 'Dana' };

let db: TestDatabase;
let classifier: InProcessClassifier;
let rule: NotMineRule;

beforeAll(async () => {
  db = await createTestDatabase();
  rule = JSON.parse(await readFile(besideHead(defaultHeadPath(), 'not-mine'), 'utf8')) as NotMineRule;
  classifier = await startInProcessClassifier({
    stores: classifierRepositories(db.prisma),
    backbone: (await loadHeadFile(defaultHeadPath())).backbone,
    threshold: 0.5,
    defaultHeadFile: defaultHeadPath(),
  });
});

afterAll(async () => {
  await classifier?.close();
  await db?.drop();
});

describe('the shipped head turns away what is not one of its dishes', () => {
  it('answers beef tartare, far from every class it knows, as not one of mine, with the ImageNet guess', async () => {
    const result = await classifier.classify(await otherDish('beef_tartare', '1095314.jpg'), who);
    expect(result.notMine).toMatchObject({ reason: 'far-from-classes', imagenet: { label: 'meat loaf' } });
    expect(result.notSure).toBe(false);
    const reply = predictionReply(result, 'en');
    expect(reply.title).toBe('🙅 Not one of mine');
    expect(JSON.stringify(reply.blocks)).toContain('The ImageNet backbone sees **meat loaf**');
  });

  it('answers beef carpaccio that ImageNet takes for pizza, a label none of its training photos get, as not one of mine', async () => {
    const result = await classifier.classify(await otherDish('beef_carpaccio', '1099932.jpg'), who);
    expect(result.notMine).toMatchObject({ reason: 'imagenet-unfamiliar', imagenet: { label: 'pizza' } });
    expect(rule.familiarImagenet).not.toContain('pizza');
  });

  it('answers a picture that is no food at all (a chart of its own) with what ImageNet sees in it', async () => {
    const evaluation = JSON.parse(await readFile(besideHead(defaultHeadPath(), 'evaluation'), 'utf8'));
    const chart = new Uint8Array(await renderConfusionPng(evaluation.metrics, 'test — efficientnet_b0@320'));
    const result = await classifier.classify(chart, who);
    expect(result.notMine?.reason).toBe('imagenet-unfamiliar');
    expect(rule.familiarImagenet).not.toContain(result.notMine!.imagenet.label);
    expect(result.notMine!.imagenet.probability).toBeGreaterThanOrEqual(rule.minImagenetProbability);
  });

  it('still answers photos of its own dishes as dishes', async () => {
    for (const [label, index] of [
      ['bibimbap', 0],
      ['apple_pie', 0],
      ['beignets', 3],
    ] as const) {
      const result = await classifier.classify(await testPhoto(label, index), who);
      expect(result.notMine, `${label} #${index}`).toBeUndefined();
      expect(predictionReply(result, 'en').title).not.toBe('🙅 Not one of mine');
    }
  });
});
