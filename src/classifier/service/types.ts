// The one interface callers see, whether the classifier runs in this process or behind
// CLASSIFIER_URL. Plain data in and out, so the HTTP client can implement it with JSON.
import type { EpochReport, LabelProbability, Metrics, TensorTrace } from '../types.ts';

/** Who asked: kept with predictions, corrections and trained versions. */
export interface Requester {
  name: string;
  memberId?: number;
  classroomId?: number;
}

export interface ClassifyResult {
  predictionId: number;
  modelVersion: number;
  backbone: string;
  imageSha256: string;
  /** Every class, best first. */
  classes: LabelProbability[];
  /** The top probability is below `threshold`: say "not sure" rather than a confident wrong name. */
  notSure: boolean;
  threshold: number;
  /**
   * Not one of the head's classes (another dish, or no food): why, and the backbone's own top
   * ImageNet guess, said instead of a dish.
   */
  notMine?: { reason: 'imagenet-unfamiliar' | 'far-from-classes'; imagenet: LabelProbability };
}

/** "🔥 where it looked": the class activation map of a prediction's top class over its photo. */
export interface WhereResult {
  predictionId: number;
  label: string;
  png: Uint8Array;
  /** The class's logit, which the maps' spatial means plus the bias add up to. */
  logit: number;
  backbones: string[];
}

export interface Explanation {
  predictionId?: number;
  backbone: string;
  modelVersion: number;
  /** What the ImageNet backbone alone sees: its own top-3 of 1,000 ImageNet labels. */
  imagenet: LabelProbability[];
  trace: TensorTrace;
}

export type ExplainTarget = { predictionId: number } | { photo: Uint8Array };

export interface ModelSummary {
  version: number;
  backbone: string;
  labels: string[];
  accuracy: number;
  examples: number;
  dataFingerprint: string;
  trainedBy: string;
  createdAt: string;
  active: boolean;
}

export interface TrainResult {
  model: ModelSummary;
  metrics: Metrics;
  /** Held-out photos when there were enough of them; the training photos themselves otherwise. */
  evaluatedOn: 'validation' | 'training';
  /** The confusion matrix of those photos, as a PNG. */
  confusionPng: Uint8Array;
  /** Examples used: data-set photos plus members' corrections. */
  examples: { dataset: number; corrections: number; skipped: number };
}

export interface TrainingJobSummary {
  id: number;
  /** `interrupted`: open, but its process stopped (no heartbeat, or gone from this machine). */
  state: 'queued' | 'running' | 'interrupted' | 'done' | 'failed';
  /** For an interrupted job: resumed by the next live process, or failed (abandoned too often). */
  next?: 'resume' | 'fail';
  requestedBy: string;
  progress?: EpochReport;
  createdAt: string;
  error?: string;
}

export interface ClassifierStatus {
  backend: string;
  backbone: string;
  active?: ModelSummary;
  versions: number;
  embeddingsCached: number;
  predictions: number;
  corrections: number;
  training?: TrainingJobSummary;
  threshold: number;
}

/** Training reports first the photos it embeds (slow once, cached after), then every epoch. */
export type TrainingProgress =
  | { phase: 'embedding'; done: number; total: number }
  | ({ phase: 'training' } & EpochReport);

export interface ClassifierService {
  classify(photo: Uint8Array, who: Requester): Promise<ClassifyResult>;
  explain(target: ExplainTarget): Promise<Explanation>;
  /** The class activation map of a prediction (absent where the service can't draw one). */
  where?(predictionId: number): Promise<WhereResult>;
  correct(predictionId: number, label: string, who: Requester): Promise<{ label: string; examples: number }>;
  train(who: Requester, onProgress?: (progress: TrainingProgress) => void | Promise<void>): Promise<TrainResult>;
  status(): Promise<ClassifierStatus>;
  activate(version: number): Promise<ModelSummary>;
  listModels(): Promise<ModelSummary[]>;
  /** The labels of the active model, for the "tell me the right class" menu. */
  labels(): Promise<string[]>;
  close(): Promise<void>;
}
