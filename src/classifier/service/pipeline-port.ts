// What the service needs from the ML pipeline (src/classifier/pipeline). The service depends on
// this shape only; `pipeline-adapter.ts` fills it from the pipeline's barrel.
import type { EpochReport, HeadWeights, LabelProbability, Metrics, TensorTrace } from '../types.ts';

export interface EmbeddedPhoto {
  sha256: string;
  /** The photo's features per view: "original" always, augmentations (e.g. a mirror image) when the pipeline makes them. */
  views: Map<string, Float32Array>;
  /** The backbone's own ImageNet top-3, when the embedding pass produced it anyway. */
  imagenet?: LabelProbability[];
}

export interface TrainingExample {
  label: string;
  /** Features of the photo's views; the first is the photo itself. */
  views: Float32Array[];
}

export interface TrainedHead {
  weights: HeadWeights;
  metrics: Metrics;
  /** Held-out validation photos, or (with too few photos to hold any out) the training photos. */
  evaluatedOn: 'validation' | 'training';
}

export interface PipelinePort {
  readonly backbone: string;
  readonly featureSize: number;
  /** The TensorFlow.js backend in use, for status. */
  backendName(): Promise<string>;
  /** Decodes and checks the photo (UserError for what isn't a usable image) and embeds every view. */
  embed(photo: Uint8Array): Promise<EmbeddedPhoto>;
  /**
   * Embeds many photos at once on every core (training sets). Rejects the whole batch when any
   * photo is bad; the caller then goes one by one with `embed` to learn which.
   */
  embedMany?(photos: Uint8Array[]): Promise<Map<string, Float32Array>[]>;
  /** Releases worker threads started for `embedMany`. */
  endBulk?(): Promise<void>;
  /** The head's probabilities for a photo's views, every class, best first. */
  predict(head: HeadWeights, views: Float32Array[]): LabelProbability[];
  /** What the ImageNet backbone alone sees: its own top-k labels. */
  imagenetTop(photo: Uint8Array, k: number): Promise<LabelProbability[]>;
  trace(head: HeadWeights): Promise<TensorTrace>;
  /** The backbone's ImageNet top-k from cached plain features, when its classifier is linear on them. */
  imagenetFromFeatures?(features: Float32Array, k: number): LabelProbability[] | undefined;
  /** The head's highest logit for plain features (the not-one-of-mine rule's distance sign). */
  topLogit?(head: HeadWeights, features: Float32Array): number;
  /** The class activation map of `label` over the photo, side by side per backbone network, as a PNG. */
  activationPng?(head: HeadWeights, photo: Uint8Array, label: string): Promise<{ png: Uint8Array; logit: number; backbones: string[] }>;
  train(examples: TrainingExample[], labels: string[], onEpoch: (report: EpochReport) => Promise<void>): Promise<TrainedHead>;
  confusionPng(metrics: Metrics): Promise<Uint8Array>;
  /** Frees the backbone's tensors and any worker threads. */
  close?(): Promise<void>;
}
