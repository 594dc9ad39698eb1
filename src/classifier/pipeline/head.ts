import * as tf from '@tensorflow/tfjs';
import type { EpochReport, HeadWeights, Metrics } from '../types.ts';
import { initBackend } from './backend.ts';
import { argmax, computeMetrics } from './metrics.ts';
import { seededRandom, shuffled } from './random.ts';

/** One embedded photo (or one augmented view of it) with its class index into `labels`. */
export interface TrainingExample {
  features: Float32Array;
  label: number;
  /**
   * The photo it came from (e.g. its sha256). Views of one photo stay on one side of the
   * validation split, so validation never scores a mirror image of a training photo.
   */
  group?: string;
  /** An augmented view: trained on, never used for validation. */
  augmented?: boolean;
}

export interface HeadTrainingOptions {
  backbone: string;
  labels: string[];
  seed?: number;
  /** Most epochs; early stopping usually ends sooner. */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty on the kernel (keeps 375 photos a class from being memorised). */
  l2?: number;
  /** Share of photos held out per class for early stopping; 0 trains on all for `epochs`. */
  validationSplit?: number;
  /**
   * The photos (groups) to hold out for early stopping, chosen by the caller (e.g. one fold of a
   * cross-fitted ensemble). Replaces `validationSplit` when given.
   */
  validationGroups?: ReadonlySet<string>;
  /** Epochs without a better validation loss before stopping; the best epoch's weights are kept. */
  patience?: number;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
}

export const DEFAULT_HEAD_OPTIONS = {
  seed: 42,
  epochs: 200,
  batchSize: 64,
  learningRate: 1e-3,
  l2: 3e-2,
  validationSplit: 0.15,
  patience: 15,
} as const;

export interface TrainedHead {
  weights: HeadWeights;
  history: EpochReport[];
  /** 1-based epoch whose weights were kept. */
  bestEpoch: number;
  /** On the held-out validation photos (absent when validationSplit is 0). */
  validation?: Metrics;
  trainExamples: number;
  validationExamples: number;
}

/** The lesson's `torch.nn.Linear(512, 7)` + softmax, as a TF.js layer. */
export function createHeadModel(featureSize: number, classes: number, options: { seed?: number; l2?: number } = {}): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [featureSize],
        units: classes,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed ?? DEFAULT_HEAD_OPTIONS.seed }),
        biasInitializer: 'zeros',
        kernelRegularizer: options.l2 ? tf.regularizers.l2({ l2: options.l2 }) : undefined,
      }),
    ],
  });
}

/** The photo an example came from: its group, or the example itself when it has none. */
export function groupOf(e: TrainingExample, i: number): string {
  return e.group ?? `#${i}`;
}

/** Each class's photos (groups), in order of first appearance, classes in label order. */
export function groupsByClass(examples: readonly TrainingExample[]): string[][] {
  const byClass = new Map<number, { list: string[]; seen: Set<string> }>();
  examples.forEach((e, i) => {
    const entry = byClass.get(e.label) ?? { list: [], seen: new Set<string>() };
    if (!entry.seen.has(groupOf(e, i))) {
      entry.seen.add(groupOf(e, i));
      entry.list.push(groupOf(e, i));
    }
    byClass.set(e.label, entry);
  });
  return [...byClass].sort((a, b) => a[0] - b[0]).map(([, { list }]) => list);
}

/** Holds out `share` of the photos of every class (by group), in a seeded order. */
function splitByGroup(examples: readonly TrainingExample[], share: number, random: () => number) {
  const held = new Set<string>();
  for (const groups of groupsByClass(examples)) {
    for (const g of shuffled(groups, random).slice(0, Math.round(groups.length * share))) held.add(g);
  }
  return splitHeld(examples, held);
}

/** Examples of held photos (plain views only) for validation, the rest for training. */
function splitHeld(examples: readonly TrainingExample[], held: ReadonlySet<string>) {
  const train: TrainingExample[] = [];
  const validation: TrainingExample[] = [];
  examples.forEach((e, i) => {
    if (!held.has(groupOf(e, i))) train.push(e);
    else if (!e.augmented) validation.push(e);
  });
  return { train, validation };
}

function toTensors(examples: readonly TrainingExample[], featureSize: number, classes: number) {
  const x = new Float32Array(examples.length * featureSize);
  examples.forEach((e, i) => x.set(e.features, i * featureSize));
  return {
    x: tf.tensor2d(x, [examples.length, featureSize]),
    y: tf
      .oneHot(
        tf.tensor1d(
          examples.map((e) => e.label),
          'int32',
        ),
        classes,
      )
      .toFloat() as tf.Tensor2D,
  };
}

function lossAndAccuracy(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor2D): { loss: number; accuracy: number } {
  return tf.tidy(() => {
    const p = model.predict(x) as tf.Tensor2D;
    const loss = tf.metrics.categoricalCrossentropy(y, p).mean().dataSync()[0]!;
    const accuracy = tf.metrics.categoricalAccuracy(y, p).mean().dataSync()[0]!;
    return { loss, accuracy };
  });
}

export function exportHeadWeights(model: tf.LayersModel, backbone: string, labels: readonly string[]): HeadWeights {
  const [kernel, bias] = model.layers[0]!.getWeights();
  return {
    backbone,
    labels: [...labels],
    featureSize: kernel!.shape[0]!,
    kernel: Array.from(kernel!.dataSync()),
    bias: Array.from(bias!.dataSync()),
  };
}

/** Rebuilds the Dense head from plain JSON weights. */
export function importHeadWeights(weights: HeadWeights): tf.Sequential {
  const classes = weights.labels.length;
  if (weights.kernel.length !== weights.featureSize * classes || weights.bias.length !== classes) {
    throw new Error(`Head weights for ${weights.backbone} do not fit [${weights.featureSize}, ${classes}]`);
  }
  const model = createHeadModel(weights.featureSize, classes);
  model.layers[0]!.setWeights([tf.tensor2d(weights.kernel, [weights.featureSize, classes]), tf.tensor1d(weights.bias)]);
  return model;
}

/**
 * Trains Dense(features → classes) + softmax with Adam on embeddings. Same examples, options and
 * seed give the same weights: the initializer is seeded and shuffling uses our own seeded order.
 * Early stopping watches the validation loss and restores the best epoch's weights.
 */
export async function trainHead(examples: readonly TrainingExample[], options: HeadTrainingOptions): Promise<TrainedHead> {
  await initBackend();
  const o = { ...DEFAULT_HEAD_OPTIONS, ...stripUndefined(options), labels: options.labels, backbone: options.backbone };
  const classes = o.labels.length;
  if (examples.length === 0) throw new Error('No training examples');
  const featureSize = examples[0]!.features.length;
  const bad = examples.find((e) => e.features.length !== featureSize || e.label < 0 || e.label >= classes);
  if (bad) throw new Error(`An example has ${bad.features.length} features or label ${bad.label}; expected ${featureSize} and 0..${classes - 1}`);

  const random = seededRandom(o.seed);
  const { train, validation } = o.validationGroups
    ? splitHeld(examples, o.validationGroups)
    : o.validationSplit > 0
      ? splitByGroup(examples, o.validationSplit, random)
      : { train: [...examples], validation: [] };
  if (train.length === 0) throw new Error('Every example is held out for validation');
  const model = createHeadModel(featureSize, classes, { seed: o.seed, l2: o.l2 });
  model.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const val = validation.length > 0 ? toTensors(validation, featureSize, classes) : undefined;

  const history: EpochReport[] = [];
  let best = { loss: Infinity, epoch: 0, weights: [] as tf.Tensor[] };
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const { x, y } = toTensors(shuffled(train, random), featureSize, classes);
      const fit = await model.fit(x, y, { epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0 });
      x.dispose();
      y.dispose();
      const report: EpochReport = {
        epoch,
        epochs: o.epochs,
        loss: Number(fit.history.loss![0]),
        accuracy: Number((fit.history.acc ?? fit.history.accuracy)![0]),
      };
      if (val) Object.assign(report, (({ loss, accuracy }) => ({ valLoss: loss, valAccuracy: accuracy }))(lossAndAccuracy(model, val.x, val.y)));
      history.push(report);
      await o.onEpoch?.(report);
      const watched = report.valLoss ?? report.loss;
      if (watched < best.loss) {
        best.weights.forEach((w) => w.dispose());
        best = { loss: watched, epoch, weights: model.getWeights().map((w) => w.clone()) };
      } else if (val && epoch - best.epoch >= o.patience) break;
    }
    if (val) model.setWeights(best.weights);
    const weights = exportHeadWeights(model, o.backbone, o.labels);
    const validationMetrics = validation.length > 0 ? evaluateHead(weights, validation) : undefined;
    return {
      weights,
      history,
      bestEpoch: val ? best.epoch : history.length,
      ...(validationMetrics ? { validation: validationMetrics } : {}),
      trainExamples: train.length,
      validationExamples: validation.length,
    };
  } finally {
    best.weights.forEach((w) => w.dispose());
    val?.x.dispose();
    val?.y.dispose();
    model.dispose();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Class probabilities for each feature vector. Plain arithmetic on the exported weights: for one
 * photo it beats building tensors, and it gives the very numbers the Dense layer would.
 */
export function predictHead(weights: HeadWeights, features: readonly Float32Array[]): Float32Array[] {
  const classes = weights.labels.length;
  return features.map((f) => {
    if (f.length !== weights.featureSize) throw new Error(`Head expects ${weights.featureSize} features, got ${f.length}`);
    const logits = new Float64Array(weights.bias);
    for (let i = 0; i < weights.featureSize; i++) {
      const v = f[i]!;
      if (v === 0) continue;
      const row = i * classes;
      for (let c = 0; c < classes; c++) logits[c]! += v * weights.kernel[row + c]!;
    }
    const max = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return Float32Array.from(exp, (e) => e / sum);
  });
}

/** Averages the probabilities of several views of the same photos (test-time flips). */
export function averageProbabilities(perView: readonly Float32Array[][]): Float32Array[] {
  return perView[0]!.map((_, i) => {
    const out = new Float32Array(perView[0]![i]!.length);
    for (const view of perView) view[i]!.forEach((p, c) => (out[c]! += p / perView.length));
    return out;
  });
}

export function evaluateHead(weights: HeadWeights, examples: readonly TrainingExample[]): Metrics {
  const probabilities = predictHead(
    weights,
    examples.map((e) => e.features),
  );
  return computeMetrics(
    examples.map((e) => e.label),
    probabilities.map(argmax),
    weights.labels,
  );
}

/** Trainable parameters of the head: kernel plus bias (768 × 7 + 7 = 5,383 for MobileNet). */
export function headParameterCount(weights: Pick<HeadWeights, 'featureSize' | 'labels'>): number {
  return weights.featureSize * weights.labels.length + weights.labels.length;
}
