import { describe, expect, it } from 'vitest';
import type { HeadWeights } from '../../../src/classifier/types.ts';
import { evaluateHead, predictHead, trainHead } from '../../../src/classifier/pipeline/index.ts';
import type { TrainingExample } from '../../../src/classifier/pipeline/index.ts';
import { assignFolds, averageHeadWeights, trainFoldEnsemble } from '../../../src/classifier/pipeline/head-ensemble.ts';
import { seededRandom } from '../../../src/classifier/pipeline/random.ts';

const LABELS = ['apple_pie', 'baklava', 'beignets'];

/** Three overlapping clusters in 24 dimensions, `perClass` "photos" a class, each with a flipped view. */
function clusters(seed: number, perClass: number, centresSeed = 100): TrainingExample[] {
  const centreRandom = seededRandom(centresSeed);
  const centres = LABELS.map(() => Float32Array.from({ length: 24 }, () => centreRandom() * 2));
  const random = seededRandom(seed);
  return LABELS.flatMap((_, label) =>
    Array.from({ length: perClass }, (_, i) => {
      const photo = centres[label]!.map((c) => c + (random() - 0.5) * 3);
      return [false, true].map((augmented) => ({
        features: augmented ? photo.map((v) => v + (random() - 0.5) * 0.2) : photo,
        label,
        group: `${seed}-${label}-${i}`,
        augmented,
      }));
    }).flat(),
  );
}

const logits = (head: HeadWeights, features: Float32Array) =>
  head.bias.map((b, c) => features.reduce((sum, v, i) => sum + v * head.kernel[i * head.labels.length + c]!, b));

describe('the cross-fitted fold ensemble', () => {
  it('splits the photos into disjoint folds of near-equal size, stratified by class, views kept together', () => {
    const data = clusters(1, 23);
    const foldOf = assignFolds(data, 5, seededRandom(3));
    expect(foldOf.size).toBe(3 * 23);
    for (let label = 0; label < LABELS.length; label++) {
      const counts = [0, 1, 2, 3, 4].map((f) => data.filter((e) => e.label === label && !e.augmented && foldOf.get(e.group!) === f).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const sizes = [0, 1, 2, 3, 4].map((f) => [...foldOf.values()].filter((v) => v === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(assignFolds(data, 5, seededRandom(3))).toEqual(foldOf);
  });

  it('averages kernels and biases, which is averaging the logits', () => {
    const a: HeadWeights = { backbone: 't', labels: ['x', 'y'], featureSize: 2, kernel: [1, 2, 3, 4], bias: [0.5, -1] };
    const b: HeadWeights = { ...a, kernel: [3, 0, -1, 2], bias: [1.5, 1] };
    const mean = averageHeadWeights([a, b]);
    expect(mean.kernel).toEqual([2, 1, 1, 3]);
    expect(mean.bias).toEqual([1, 0]);
    const f = Float32Array.from([0.3, -2]);
    logits(mean, f).forEach((l, c) => expect(l).toBeCloseTo((logits(a, f)[c]! + logits(b, f)[c]!) / 2, 10));
    expect(() => averageHeadWeights([a, { ...b, labels: ['y', 'x'] }])).toThrow(/same backbone/);
  });

  it('trains one head per fold, early-stopped on its own fold, and ships their mean as one head', async () => {
    const data = clusters(2, 30);
    const options = { backbone: 'test', labels: LABELS, epochs: 40, patience: 5, learningRate: 0.02, seed: 11 };
    const ensemble = await trainFoldEnsemble(data, { ...options, folds: 3 });
    expect(ensemble.members.map((m) => m.heldOutPhotos)).toEqual([30, 30, 30]);
    expect(ensemble.weights.kernel).toHaveLength(24 * 3);

    // Each member again, by hand: the same folds, trained on the other two, stopped on its own.
    const foldOf = assignFolds(data, 3, seededRandom(11));
    const members: HeadWeights[] = [];
    for (let fold = 0; fold < 3; fold++) {
      const held = new Set([...foldOf].filter(([, f]) => f === fold).map(([g]) => g));
      const member = await trainHead(data, { ...options, seed: 11 + fold, validationGroups: held });
      expect(member.validationExamples).toBe(30);
      expect(member.trainExamples).toBe(2 * 60);
      expect(member.bestEpoch).toBe(ensemble.members[fold]!.bestEpoch);
      members.push(member.weights);
    }
    expect(members[0]!.kernel).not.toEqual(members[1]!.kernel);
    ensemble.weights.kernel.forEach((w, i) => expect(w).toBeCloseTo((members[0]!.kernel[i]! + members[1]!.kernel[i]! + members[2]!.kernel[i]!) / 3, 6));
    ensemble.weights.bias.forEach((w, i) => expect(w).toBeCloseTo((members[0]!.bias[i]! + members[1]!.bias[i]! + members[2]!.bias[i]!) / 3, 6));

    // The averaged head predicts the members' mean logits, and it works on photos none of them saw.
    const unseen = clusters(3, 40).filter((e) => !e.augmented);
    const f = unseen[0]!.features;
    const z = logits(ensemble.weights, f);
    const p = predictHead(ensemble.weights, [f])[0]!;
    const expected = z.map((l) => Math.exp(l - Math.max(...z)));
    expected.forEach((e, c) => expect(p[c]!).toBeCloseTo(e / expected.reduce((s, v) => s + v, 0), 5));
    expect(evaluateHead(ensemble.weights, unseen).accuracy).toBeGreaterThan(0.9);
    expect(ensemble.outOfFold.examples).toBe(90);
    expect(ensemble.outOfFold.accuracy).toBeGreaterThan(0.85);

    const again = await trainFoldEnsemble(data, { ...options, folds: 3 });
    expect(again.weights).toEqual(ensemble.weights);
  });

  it('refuses folds it cannot fill', async () => {
    await expect(trainFoldEnsemble(clusters(4, 3), { backbone: 'test', labels: LABELS, folds: 5 })).rejects.toThrow(/at least one each/);
    await expect(trainFoldEnsemble(clusters(4, 3), { backbone: 'test', labels: LABELS, folds: 1 })).rejects.toThrow(/at least 2/);
  });
});
