import type { HeadWeights, LabelProbability, TensorTrace } from '../types.ts';
import type { Backbone } from './backbone.ts';
import { averageProbabilities, headParameterCount, predictHead } from './head.ts';
import type { Photo, View } from './preprocess.ts';
import { PLAIN_VIEW } from './preprocess.ts';
import { recipeFor } from './recipe.ts';

/** Test-time views: the photo and its mirror image, whose probabilities are averaged. */
export const TEST_TIME_VIEWS: readonly View[] = [PLAIN_VIEW, { flip: true }];

export interface PhotoAnalysis {
  /** Every class, most likely first. */
  classes: LabelProbability[];
  /** What the ImageNet backbone alone sees: its own top-3. */
  imagenet: LabelProbability[];
  /** Plain-view features (what an embedding cache stores for this photo and backbone). */
  features: Float32Array;
  trace: TensorTrace;
}

export function tensorTrace(backbone: Backbone, head: Pick<HeadWeights, 'featureSize' | 'labels'>): TensorTrace {
  return {
    input: [1, backbone.inputSize, backbone.inputSize, 3],
    features: [1, backbone.featureSize],
    output: [1, head.labels.length],
    headParameters: headParameterCount(head),
    backboneParameters: backbone.parameterCount,
  };
}

/**
 * The backbone's own ImageNet top-k read off plain features, most likely first: for a network whose
 * ImageNet classifier is one Dense layer on its features (EfficientNet). Undefined for the others.
 */
export function imagenetTopFromFeatures(
  backbone: Pick<Backbone, 'imagenetFromFeatures' | 'imagenetLabels'>,
  features: Float32Array,
  k: number,
): LabelProbability[] | undefined {
  const probabilities = backbone.imagenetFromFeatures?.(features);
  if (!probabilities) return undefined;
  return Array.from(probabilities, (probability, i) => ({ label: backbone.imagenetLabels[i] ?? `#${i}`, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

export function rankClasses(labels: readonly string[], probabilities: Float32Array): LabelProbability[] {
  return labels.map((label, i) => ({ label, probability: probabilities[i]! })).sort((a, b) => b.probability - a.probability);
}

/**
 * Classifies one decoded photo: the head's probabilities averaged over the test-time views (when
 * `testTimeFlip`, by default the head's recipe's, the head sees the photo and its mirror image), the backbone's own
 * ImageNet top-3, and the tensor trace. `cachedFeatures` (plain view) skips that backbone pass.
 */
export async function classifyPhoto(
  backbone: Backbone,
  head: HeadWeights,
  photo: Photo,
  options: { testTimeFlip?: boolean; cachedFeatures?: Float32Array } = {},
): Promise<PhotoAnalysis> {
  if (head.backbone !== backbone.name) throw new Error(`Head was trained on ${head.backbone}, not ${backbone.name}`);
  const seen = await backbone.inspect(photo, 3);
  const plain = options.cachedFeatures ?? seen.features;
  const perView = [predictHead(head, [plain])];
  if (options.testTimeFlip ?? recipeFor(head.backbone).mirror) perView.push(predictHead(head, await backbone.embed([photo], { flip: true })));
  return {
    classes: rankClasses(head.labels, averageProbabilities(perView)[0]!),
    imagenet: seen.imagenet,
    features: plain,
    trace: tensorTrace(backbone, head),
  };
}
