// The stores the classifier runs on, as the classifier needs them: src/db/classifier implements
// them over Prisma, and the composition root (src/main.ts, through the Database) hands them in, so
// no classifier file knows Prisma.
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
  active: boolean;
}

export interface NewVersion {
  backboneId: number;
  weights: HeadWeights;
  metrics: Metrics;
  dataFingerprint: string;
  trainedBy: string;
  trainedByMember?: number;
  activate: boolean;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface StoredJob {
  id: number;
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
  correct(predictionId: number, memberId: number | null, imageSha256: string, label: string): Promise<void>;
  addDataset(images: { imageSha256: string; label: string }[]): Promise<number>;
  forTraining(labels: string[]): Promise<LabelledImage[]>;
  countCorrections(): Promise<number>;
}

/** The model registry: trained heads, one of them active. */
export interface RegistryStore {
  active(): Promise<StoredVersion | undefined>;
  activeId(): Promise<number | undefined>;
  byVersion(version: number): Promise<StoredVersion | undefined>;
  byId(id: number): Promise<StoredVersion | undefined>;
  list(): Promise<StoredVersion[]>;
  count(): Promise<number>;
  add(entry: NewVersion, options?: { onlyIfEmpty?: boolean }): Promise<StoredVersion>;
  importFirst(entry: NewVersion): Promise<StoredVersion | undefined>;
  activate(version: number): Promise<StoredVersion | undefined>;
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
  enqueue(requestedBy: string, owner: string, memberId?: number): Promise<{ job: StoredJob } | { busy: StoredJob }>;
  open(): Promise<StoredJob | undefined>;
  latest(): Promise<StoredJob | undefined>;
  claim(id: number, owner: string): Promise<boolean>;
  takeOver(seen: StoredJob, owner: string): Promise<boolean>;
  beat(id: number, owner: string, progress?: EpochReport): Promise<boolean>;
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
  registry: RegistryStore;
  predictions: PredictionStore;
  jobs: TrainingJobStore;
  photoChannels: PhotoChannelStore;
}
