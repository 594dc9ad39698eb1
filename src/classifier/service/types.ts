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
  /** The head the asking class predicts with (in `listModels`/`status`; for other calls, the deployment default). */
  active: boolean;
  /** Trained by the asking class (false: shared by every class, like the shipped head). */
  own: boolean;
  /** Set aside by an instructor (a candidate that wasn't activated). */
  discarded: boolean;
}

/** One head's figures on the activation gate's photos. */
export interface HeadScore {
  version: number;
  metrics: Metrics;
}

/**
 * A new head against the class's active one on the same photos (see README, "Activate only when
 * better"): the fixed evaluation set no training reads.
 */
export interface ModelComparison {
  photos: number;
  candidate: HeadScore;
  /** Absent when the class had no head this backbone can run: the new one is activated. */
  active?: HeadScore;
  /** The candidate is at least as accurate as the active head on these photos. */
  atLeastAsGood: boolean;
}

export interface TrainResult {
  model: ModelSummary;
  metrics: Metrics;
  /** Held-out photos when there were enough of them; the training photos themselves otherwise. */
  evaluatedOn: 'validation' | 'training';
  /** The confusion matrix of those photos, as a PNG. */
  confusionPng: Uint8Array;
  /** Examples used: data-set photos plus members' approved corrections. */
  examples: { dataset: number; corrections: number; skipped: number };
  /** Made the class's head (it passed the gate, or there was nothing to compare with); else a candidate. */
  activated: boolean;
  comparison?: ModelComparison;
  /** The confusion matrices of the gate's photos, candidate and active head, as PNGs. */
  comparisonPngs?: { candidate: Uint8Array; active?: Uint8Array };
}

export interface TrainingJobSummary {
  id: number;
  /** `interrupted`: open, but its process stopped (no heartbeat, or gone from this machine). */
  state: 'queued' | 'running' | 'interrupted' | 'done' | 'failed' | 'cancelled';
  /** For an interrupted job: resumed by the next live process, or failed (abandoned too often). */
  next?: 'resume' | 'fail';
  requestedBy: string;
  /** Only they may cancel it. */
  requestedByMemberId?: number;
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
  /** The class's corrections waiting for review, and approved (only those train). */
  corrections: { pending: number; approved: number };
  training?: TrainingJobSummary;
  threshold: number;
}

/** Training reports first the photos it embeds (slow once, cached after), then every epoch. */
export type TrainingProgress =
  /** The job is queued and held: sent before any photo is read, so the instructor sees it at once (and can cancel). */
  { phase: 'started'; jobId: number } | { phase: 'embedding'; done: number; total: number } | ({ phase: 'training' } & EpochReport);

export interface ClassifierService {
  classify(photo: Uint8Array, who: Requester): Promise<ClassifyResult>;
  explain(target: ExplainTarget): Promise<Explanation>;
  /** The class activation map of a prediction (absent where the service can't draw one). */
  where?(predictionId: number, who: Requester): Promise<WhereResult>;
  /** Stores a member's correction for review by the class's instructors; `pending` counts the class's queue. */
  correct(predictionId: number, label: string, who: Requester): Promise<{ label: string; pending: number }>;
  /** Trains a head for the requester's class (one open job per class). */
  train(who: Requester, onProgress?: (progress: TrainingProgress) => void | Promise<void>): Promise<TrainResult>;
  status(who: Requester): Promise<ClassifierStatus>;
  /** Makes `version` (the class's own, or a shared one) the requester's class's head. */
  activate(version: number, who: Requester): Promise<ModelSummary>;
  listModels(who: Requester): Promise<ModelSummary[]>;
  /** The labels of the class's active model, for the "tell me the right class" menu. */
  labels(who: Requester): Promise<string[]>;
  close(): Promise<void>;
}
