import type { TrainingExample } from '../../src/classifier/pipeline/index.ts';
import type { HeadWeights } from '../../src/classifier/types.ts';
import { argmax, assignFolds, headLogits, trainHead } from '../../src/classifier/pipeline/index.ts';
import { seededRandom } from '../../src/classifier/pipeline/random.ts';

export interface CrossValidationInput {
  backbone: string;
  labels: string[];
  /** Per photo: its class, its group (sha256), its plain features and, optionally, its mirror image's. */
  photos: readonly { label: number; group: string; plain: Float32Array; mirrored?: Float32Array }[];
  /** Train on the mirror images too (augmentation). */
  trainFlips: boolean;
  l2: number;
  folds: number;
  seed?: number;
}

export interface OutOfFold {
  /** Per photo, the logits of the head that held it out: plain view, and mirror view when given. */
  logits: { plain: Float64Array; mirrored?: Float64Array }[];
  /** Each fold's head and its best epoch. */
  heads: { weights: HeadWeights; bestEpoch: number }[];
}

/**
 * k heads, each trained on k-1 folds of the photos (stratified by class, grouped by photo, the
 * shipped recipe's split) and early-stopped on its own fold; every photo is then scored by the
 * head that never trained on it. What recipe and threshold choices are made on.
 */
export async function crossValidate(input: CrossValidationInput): Promise<OutOfFold> {
  const seed = input.seed ?? 42;
  const examples: TrainingExample[] = input.photos.flatMap((p) => [
    { features: p.plain, label: p.label, group: p.group },
    ...(input.trainFlips && p.mirrored ? [{ features: p.mirrored, label: p.label, group: p.group, augmented: true }] : []),
  ]);
  const foldOf = assignFolds(examples, input.folds, seededRandom(seed));
  const logits: OutOfFold['logits'] = new Array(input.photos.length);
  const heads: OutOfFold['heads'] = [];
  for (let fold = 0; fold < input.folds; fold++) {
    const held = new Set([...foldOf].filter(([, f]) => f === fold).map(([g]) => g));
    const trained = await trainHead(examples, { backbone: input.backbone, labels: input.labels, l2: input.l2, seed: seed + fold, validationGroups: held });
    heads.push({ weights: trained.weights, bestEpoch: trained.bestEpoch });
    input.photos.forEach((p, i) => {
      if (!held.has(p.group)) return;
      logits[i] = { plain: headLogits(trained.weights, p.plain), ...(p.mirrored ? { mirrored: headLogits(trained.weights, p.mirrored) } : {}) };
    });
  }
  return { logits, heads };
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  const max = Math.max(...Array.from(logits));
  const exp = Float64Array.from(Array.from(logits), (l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** The class the photo is given: plain view, or the mean of both views' probabilities. */
export function predictedClass(scores: { plain: Float64Array; mirrored?: Float64Array }, testFlips: boolean): number {
  const p = softmax(scores.plain);
  if (testFlips && scores.mirrored) softmax(scores.mirrored).forEach((q, c) => (p[c] = (p[c]! + q) / 2));
  return argmax(p);
}
