// The stores the classifier runs on, as the classifier needs them: src/db/classifier implements
// them over Prisma, and the composition root (src/main.ts, through the Database) hands them in, so
// no classifier file knows Prisma.
import type { RateLimitStore } from '../core/ports.ts';
import type { EpochReport, HeadWeights, LabelProbability, Metrics } from './types.ts';

export interface LabelledImage {
  imageSha256: string;
  label: string;
  source: 'dataset' | 'correction';
}

export interface StoredPrediction {
  id: number;
  memberId: number | null;
  classroomId: number | null;
  modelVersion: number;
  backbone: string;
  imageSha256: string;
  classes: LabelProbability[];
  notSure: boolean;
  explanation: unknown;
  createdAt: Date;
}

export interface NewPrediction {
  memberId?: number;
  classroomId?: number;
  modelVersionId: number;
  imageSha256: string;
  classes: LabelProbability[];
  notSure: boolean;
  explanation?: unknown;
}

export interface StoredVersion {
  id: number;
  version: number;
  backbone: string;
  labels: string[];
  weights: HeadWeights;
  metrics: Metrics;
  dataFingerprint: string;
  trainedBy: string;
  createdAt: Date;
  /** The class that trained it; null for a shared version (the shipped head). */
  classroomId: number | null;
  /** The deployment's default: what a class without a head of its own uses. */
  active: boolean;
  comparison: unknown;
  discarded: boolean;
}

export interface NewVersion {
  /** The class training it; absent for the shared shipped head. */
  classroomId?: number;
  comparison?: unknown;
  backboneId: number;
  weights: HeadWeights;
  metrics: Metrics;
  dataFingerprint: string;
  trainedBy: string;
  trainedByMember?: number;
  /** For a class: make it that class's head. For a shared version: make it the deployment default. */
  activate: boolean;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What a heartbeat learned: the run may go on, another process holds the job, or its instructor cancelled it. */
export type Beat = 'ours' | 'lost' | 'cancelled';

export interface StoredJob {
  id: number;
  classroomId: number | null;
  state: JobState;
  requestedBy: string;
  requestedByMemberId: number | null;
  progress: EpochReport | null;
  modelVersionId: number | null;
  error: string | null;
  createdAt: Date;
  heartbeatAt: Date | null;
  owner: string | null;
  takeovers: number;
  cancelRequested: boolean;
}

/** The embedding cache: an image's features per backbone and view, keyed by the image's sha256. */
export interface EmbeddingStore {
  backboneId(name: string, featureSize: number): Promise<number>;
  find(backboneId: number, imageSha256: string, view?: string): Promise<Float32Array | undefined>;
  findMany(backboneId: number, shas: string[]): Promise<Map<string, Map<string, Float32Array>>>;
  save(backboneId: number, imageSha256: string, views: Map<string, Float32Array>): Promise<void>;
  count(backboneId?: number): Promise<number>;
}

/** Labelled images: the data set's and members' corrections. */
export interface ExampleStore {
  correct(correction: {
    predictionId: number;
    memberId: number | null;
    classroomId: number | null;
    imageSha256: string;
    label: string;
    thumbnail?: Uint8Array;
  }): Promise<void>;
  addDataset(images: { imageSha256: string; label: string }[]): Promise<number>;
  /** The data set plus the class's approved corrections. */
  forTraining(labels: string[], classroomId: number): Promise<LabelledImage[]>;
  countCorrections(classroomId: number | undefined): Promise<{ pending: number; approved: number }>;
}

export interface QueuedCorrection {
  id: number;
  predictionId: number | null;
  imageSha256: string;
  /** The label the member says is right. */
  label: string;
  memberId: number | null;
  memberName: string | null;
  /** What the model answered, best first (empty when the prediction is gone). */
  predicted: LabelProbability[];
  modelVersion: number | null;
  thumbnail: Uint8Array | null;
  createdAt: Date;
}

export type Decision = 'approved' | 'rejected';

export type DecisionResult =
  | { outcome: 'decided'; decision: Decision; label: string }
  | { outcome: 'already'; decision: Decision; by: string | null }
  | { outcome: 'not-found' };

/** The review queue of members' corrections, per class. */
export interface CorrectionStore {
  pending(classroomId: number, take: number): Promise<{ total: number; items: QueuedCorrection[] }>;
  decide(id: number, classroomId: number, decision: Decision, reviewer: string): Promise<DecisionResult>;
}

/** The model registry: trained heads, a shared default and each class's own active one. */
export interface RegistryStore {
  active(): Promise<StoredVersion | undefined>;
  activeId(): Promise<number | undefined>;
  activeIdFor(classroomId: number | undefined): Promise<number | undefined>;
  activeFor(classroomId: number | undefined): Promise<StoredVersion | undefined>;
  byVersion(version: number): Promise<StoredVersion | undefined>;
  byId(id: number): Promise<StoredVersion | undefined>;
  list(classroomId?: number): Promise<StoredVersion[]>;
  count(): Promise<number>;
  add(entry: NewVersion, options?: { onlyIfEmpty?: boolean; activateIfActiveIs?: number | null }): Promise<StoredVersion>;
  importFirst(entry: NewVersion): Promise<StoredVersion | undefined>;
  activate(version: number, classroomId: number, activatedBy: string): Promise<StoredVersion | undefined>;
  discard(version: number, classroomId: number): Promise<boolean>;
}

/** Every answer the classifier gave. */
export interface PredictionStore {
  add(entry: NewPrediction): Promise<number>;
  find(id: number): Promise<StoredPrediction | undefined>;
  saveExplanation(id: number, explanation: unknown): Promise<void>;
  count(): Promise<number>;
}

/** The training queue, with its lease (training-lease.ts). */
export interface TrainingJobStore {
  enqueue(classroomId: number, requestedBy: string, owner: string, memberId?: number): Promise<{ job: StoredJob } | { busy: StoredJob }>;
  open(classroomId: number): Promise<StoredJob | undefined>;
  allOpen(): Promise<StoredJob[]>;
  latest(classroomId: number): Promise<StoredJob | undefined>;
  byId(id: number): Promise<StoredJob | undefined>;
  requestCancel(id: number): Promise<boolean>;
  cancelled(id: number, owner: string | null): Promise<boolean>;
  claim(id: number, owner: string): Promise<boolean>;
  takeOver(seen: StoredJob, owner: string): Promise<boolean>;
  beat(id: number, owner: string, progress?: EpochReport): Promise<Beat>;
  release(id: number, owner: string): Promise<void>;
  finish(id: number, owner: string, modelVersionId: number): Promise<void>;
  fail(id: number, owner: string, error: string): Promise<void>;
  giveUp(seen: StoredJob, error: string): Promise<boolean>;
}

/** The channels where every posted photo is classified, per classroom. */
export interface PhotoChannelStore {
  isPhotoChannel(classroomId: number, channelId: string): Promise<boolean>;
  /** Turns a channel on or off; returns the classroom's photo channels after. */
  set(classroomId: number, channelId: string, on: boolean): Promise<string[]>;
}

export interface ClassifierStores {
  embeddings: EmbeddingStore;
  examples: ExampleStore;
  corrections: CorrectionStore;
  registry: RegistryStore;
  predictions: PredictionStore;
  jobs: TrainingJobStore;
  photoChannels: PhotoChannelStore;
  /** Members' daily correction allowance, counted like the cooldowns. */
  rateLimits: RateLimitStore;
}
