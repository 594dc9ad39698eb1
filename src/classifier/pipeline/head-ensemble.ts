import type { EpochReport, HeadWeights, Metrics } from '../types.ts';
import type { HeadTrainingOptions, TrainingExample } from './head.ts';
import { averageProbabilities, groupOf, groupsByClass, predictHead, trainHead } from './head.ts';
import { argmax, computeMetrics } from './metrics.ts';
import { seededRandom, shuffled } from './random.ts';

export interface FoldEnsembleOptions extends Omit<HeadTrainingOptions, 'validationSplit' | 'validationGroups' | 'onEpoch'> {
  /** How many folds (and heads): each head trains on the other folds and stops early on its own. */
  folds?: number;
  /** Each member head's epochs, numbered by fold (0-based). */
  onEpoch?: (fold: number, report: EpochReport) => void | Promise<void>;
}

export const DEFAULT_FOLDS = 5;

export interface FoldEnsembleMember {
  fold: number;
  /** Photos held out (and early-stopped on) by this member. */
  heldOutPhotos: number;
  bestEpoch: number;
  history: EpochReport[];
  validation?: Metrics;
}

export interface TrainedFoldEnsemble {
  /** The averaged head. */
  weights: HeadWeights;
  members: FoldEnsembleMember[];
  /** Examples (photos and their augmented views) the members shared out between them. */
  examples: number;
  /**
   * Every training photo scored by the one member that never trained on it (averaged with its
   * mirror image when the examples have one): an honest estimate for the averaged head.
   */
  outOfFold: Metrics;
}

/**
 * Splits the photos (groups) of every class into `folds` near-equal parts, in a seeded order, so
 * each fold holds the same share of every class. Returns fold index by group.
 */
export function assignFolds(examples: readonly TrainingExample[], folds: number, random: () => number): Map<string, number> {
  const foldOf = new Map<string, number>();
  let offset = 0;
  for (const groups of groupsByClass(examples)) {
    if (groups.length < folds) throw new Error(`A class has ${groups.length} photos: ${folds} folds need at least one each`);
    // Continue the round-robin across classes, so the folds' sizes differ by one at most.
    shuffled(groups, random).forEach((g, i) => foldOf.set(g, (offset + i) % folds));
    offset = (offset + groups.length) % folds;
  }
  return foldOf;
}

/** The mean of several heads' kernels and biases: one head whose logits are the members' mean logits. */
export function averageHeadWeights(heads: readonly HeadWeights[]): HeadWeights {
  const first = heads[0];
  if (!first) throw new Error('No heads to average');
  for (const h of heads) {
    if (h.featureSize !== first.featureSize || h.labels.join('\n') !== first.labels.join('\n') || h.backbone !== first.backbone) {
      throw new Error('Only heads of the same backbone, feature size and labels can be averaged');
    }
  }
  const mean = (pick: (h: HeadWeights) => number[]) => pick(first).map((_, i) => heads.reduce((sum, h) => sum + pick(h)[i]!, 0) / heads.length);
  return { ...first, labels: [...first.labels], kernel: mean((h) => h.kernel), bias: mean((h) => h.bias) };
}

/**
 * A cross-fitted fold ensemble of Dense heads. The training photos are split into `folds` folds
 * (by photo, stratified by class); head f trains on every fold but f and stops early on fold f,
 * with the seed `seed + f`. The heads' kernels and biases are then averaged. Since the head is
 * linear, that is exactly the mean of their logits, in one Dense head of the usual size, which has
 * seen every photo while each early stop stayed honest.
 */
export async function trainFoldEnsemble(examples: readonly TrainingExample[], options: FoldEnsembleOptions): Promise<TrainedFoldEnsemble> {
  const { folds = DEFAULT_FOLDS, onEpoch, seed = 42, ...headOptions } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer of at least 2 (got ${folds})`);
  if (examples.length === 0) throw new Error('No training examples');
  const foldOf = assignFolds(examples, folds, seededRandom(seed));

  const members: FoldEnsembleMember[] = [];
  const heads: HeadWeights[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const held = new Set([...foldOf].filter(([, f]) => f === fold).map(([g]) => g));
    const trained = await trainHead(examples, {
      ...headOptions,
      seed: seed + fold,
      validationGroups: held,
      ...(onEpoch ? { onEpoch: (report: EpochReport) => onEpoch(fold, report) } : {}),
    });
    heads.push(trained.weights);
    members.push({
      fold,
      heldOutPhotos: held.size,
      bestEpoch: trained.bestEpoch,
      history: trained.history,
      ...(trained.validation ? { validation: trained.validation } : {}),
    });
  }

  // Out-of-fold predictions: each photo by the member that held it out, views of a photo averaged.
  const viewsByGroup = new Map<string, { label: number; fold: number; features: Float32Array[] }>();
  examples.forEach((e, i) => {
    const g = groupOf(e, i);
    const entry = viewsByGroup.get(g) ?? { label: e.label, fold: foldOf.get(g)!, features: [] };
    entry.features.push(e.features);
    viewsByGroup.set(g, entry);
  });
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const { label, fold, features } of viewsByGroup.values()) {
    const probabilities = averageProbabilities(features.map((f) => predictHead(heads[fold]!, [f])));
    actual.push(label);
    predicted.push(argmax(probabilities[0]!));
  }

  const weights = averageHeadWeights(heads);
  return { weights, members, examples: examples.length, outOfFold: computeMetrics(actual, predicted, weights.labels) };
}
