import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../../../src/classifier/types.ts';
import {
  computeMetrics,
  evaluateHead,
  headParameterCount,
  importHeadWeights,
  predictHead,
  renderConfusionPng,
  renderTrainingCurvePng,
  trainHead,
} from '../../../src/classifier/pipeline/index.ts';
import type { TrainingExample } from '../../../src/classifier/pipeline/index.ts';
import { seededRandom } from '../../../src/classifier/pipeline/random.ts';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

const LABELS = ['apple_pie', 'bibimbap', 'beignets'];

/** Three separable clusters in 32 dimensions (with noise), 40 "photos" a class, each with a flipped view. */
function clusters(seed: number): TrainingExample[] {
  const random = seededRandom(seed);
  const centres = LABELS.map(() => Float32Array.from({ length: 32 }, () => random() * 2));
  return LABELS.flatMap((_, label) =>
    Array.from({ length: 40 }, (_, i) =>
      [false, true].map((augmented) => ({
        features: centres[label]!.map((c) => c + (random() - 0.5) * 1.5),
        label,
        group: `${label}-${i}`,
        augmented,
      })),
    ).flat(),
  );
}

describe('the Dense head', () => {
  it('gives the same weights for the same data and seed, and different ones for another seed', async () => {
    const data = clusters(1);
    const options = { backbone: 'test', labels: LABELS, epochs: 15, validationSplit: 0.2 };
    const a = await trainHead(data, { ...options, seed: 7 });
    const b = await trainHead(data, { ...options, seed: 7 });
    const c = await trainHead(data, { ...options, seed: 8 });
    expect(b.weights).toEqual(a.weights);
    expect(b.history).toEqual(a.history);
    expect(c.weights.kernel).not.toEqual(a.weights.kernel);
  });

  it('learns, reports every epoch, stops early and keeps the best epoch', async () => {
    const reports: EpochReport[] = [];
    const trained = await trainHead(clusters(2), {
      backbone: 'test',
      labels: LABELS,
      epochs: 300,
      patience: 5,
      learningRate: 0.05,
      onEpoch: (r) => void reports.push(r),
    });
    expect(reports).toEqual(trained.history);
    expect(reports[0]).toMatchObject({ epoch: 1, epochs: 300 });
    expect(reports.length).toBeLessThan(300);
    const best = Math.min(...reports.map((r) => r.valLoss!));
    expect(reports[trained.bestEpoch - 1]!.valLoss).toBe(best);
    expect(trained.validation!.accuracy).toBeGreaterThan(0.9);
    // Validation holds plain views of held-out photos only (15% of 40 = 6 a class).
    expect(trained.validationExamples).toBe(18);
    expect(trained.trainExamples).toBe(240 - 36);
  });

  it('predicts with plain arithmetic exactly what the TF.js Dense layer computes', async () => {
    const data = clusters(3);
    const { weights } = await trainHead(data, { backbone: 'test', labels: LABELS, epochs: 5 });
    expect(headParameterCount(weights)).toBe(32 * 3 + 3);
    const ours = predictHead(weights, [data[0]!.features, data[100]!.features]);
    const model = importHeadWeights(weights);
    const theirs = (model.predict(tf.tensor2d([...data[0]!.features, ...data[100]!.features], [2, 32])) as tf.Tensor).arraySync() as number[][];
    ours.forEach((row, r) => row.forEach((p, c) => expect(p).toBeCloseTo(theirs[r]![c]!, 5)));
    expect(ours[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(evaluateHead(weights, data).examples).toBe(240);
  });
});

describe('metrics and charts', () => {
  it('computes accuracy, per-class precision and recall, and the confusion matrix', () => {
    const m = computeMetrics([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], LABELS);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.perClass[1]).toEqual({ label: 'bibimbap', precision: 0.5, recall: 0.5, support: 2 });
    expect(m.perClass[2]).toMatchObject({ precision: 0.5, recall: 1 });
  });

  it('renders the confusion matrix and the training curve as PNG', async () => {
    const m = computeMetrics([0, 1, 2], [0, 1, 1], LABELS);
    const confusion = await sharp(await renderConfusionPng(m)).metadata();
    expect(confusion.format).toBe('png');
    expect(confusion.width).toBeGreaterThan(300);
    const history: EpochReport[] = [1, 2, 3].map((epoch) => ({
      epoch,
      epochs: 3,
      loss: 1 / epoch,
      accuracy: 0.3 * epoch,
      valLoss: 1.2 / epoch,
      valAccuracy: 0.28 * epoch,
    }));
    expect((await sharp(await renderTrainingCurvePng(history)).metadata()).format).toBe('png');
  });
});
