import type { HeadWeights, LabelProbability } from '../types.ts';

/**
 * "Not one of mine": a photo of another dish, or of no food at all, gets the backbone's own ImageNet
 * guess instead of a confident wrong dish. Two signs, either enough:
 * - the ImageNet classifier's top guess is sure (≥ minImagenetProbability) of a label it never, or
 *   hardly ever, gives the head's own training photos ("golden retriever", "laptop");
 * - the head's highest logit is low (< minTopLogit): the features are far from every class the head
 *   knows, however its softmax shares the probability out. (Softmax alone always sums to 1 over the
 *   seven, so "not sure" can't say this.)
 * The thresholds were chosen on the training split's validation folds and part of other-dishes
 * (models/README.md, "Not one of mine").
 */
export interface NotMineRule {
  /** The backbone network whose ImageNet view the labels are (a combination's first member). */
  imagenetBackbone: string;
  /** ImageNet top-1 labels that the head's own training photos get (at least `minCount` of them). */
  familiarImagenet: string[];
  minImagenetProbability: number;
  minTopLogit?: number;
}

/** The head's logits (before softmax) for one feature vector: plain arithmetic, as predictHead. */
export function headLogits(weights: HeadWeights, features: Float32Array): Float64Array {
  const classes = weights.labels.length;
  const logits = new Float64Array(weights.bias);
  for (let i = 0; i < weights.featureSize; i++) {
    const v = features[i]!;
    if (v === 0) continue;
    for (let c = 0; c < classes; c++) logits[c]! += v * weights.kernel[i * classes + c]!;
  }
  return logits;
}

export type NotMineReason = 'imagenet-unfamiliar' | 'far-from-classes';

/** Why the photo is not one of the head's classes, or undefined when it may well be. */
export function judgeNotMine(rule: NotMineRule, imagenetTop: LabelProbability | undefined, topLogit: number): NotMineReason | undefined {
  if (imagenetTop && imagenetTop.probability >= rule.minImagenetProbability && !rule.familiarImagenet.includes(imagenetTop.label)) {
    return 'imagenet-unfamiliar';
  }
  if (rule.minTopLogit !== undefined && topLogit < rule.minTopLogit) return 'far-from-classes';
  return undefined;
}

/** The ImageNet labels that are the top guess of at least `minCount` of the given training photos. */
export function familiarLabels(topLabels: readonly string[], minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const label of topLabels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .map(([label]) => label)
    .sort();
}
