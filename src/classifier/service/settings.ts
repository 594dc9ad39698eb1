// The classifier's own settings, read from the environment once (no secrets here).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_HEAD_BACKBONE, DEFAULT_PHOTO_LIMITS, projectRoot } from '../pipeline/index.ts';
import type { DatasetOptions } from './dataset.ts';
import type { PhotoQueueLimits } from './photo-queue.ts';
import { DEFAULT_NOT_SURE_THRESHOLD } from './in-process.ts';

export interface ClassifierSettings {
  backbone: string;
  /** Folder-per-class photos every training run starts from (FOODVISION_TRAIN_DIR, FOODVISION_TRAIN_PER_CLASS). */
  trainingData?: DatasetOptions;
  /**
   * The activation gate's fixed photos (FOODVISION_EVAL_DIR, FOODVISION_EVAL_PER_CLASS): by default
   * the first 10 of each class of the test split, which no training reads.
   */
  evaluationData?: DatasetOptions;
  threshold: number;
  /** Where photos are kept for the buttons that need them after a restart (DATA_DIR/photos). */
  photoDir?: string;
  maxPhotoBytes: number;
  photoQueue: PhotoQueueSettings;
}

/** The in-process photo queue (photo-queue.ts); `concurrency` unset: one per core, or 4 behind CLASSIFIER_URL. */
export interface PhotoQueueSettings extends Omit<PhotoQueueLimits, 'concurrency'> {
  concurrency?: number;
}

/**
 * 64 photos is a class of 40 posting at once with room to spare, each under a minute's wait; ten
 * per member is a whole album, and no member can fill the line alone. Five seconds is about when a
 * member starts to wonder whether their photo was seen.
 */
export const DEFAULT_PHOTO_QUEUE: PhotoQueueSettings = { maxQueued: 64, maxPerMember: 10, noticeAfterMs: 5_000 };

function wholeNumber(env: Env, name: string, min: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value >= min)) throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return value;
}

export function readPhotoQueueSettings(env: Env): PhotoQueueSettings {
  const concurrency = wholeNumber(env, 'PHOTO_QUEUE_CONCURRENCY', 1);
  const notice = wholeNumber(env, 'PHOTO_QUEUE_NOTICE_SECONDS', 0);
  return {
    maxQueued: wholeNumber(env, 'PHOTO_QUEUE_MAX', 1) ?? DEFAULT_PHOTO_QUEUE.maxQueued,
    maxPerMember: wholeNumber(env, 'PHOTO_QUEUE_PER_MEMBER', 1) ?? DEFAULT_PHOTO_QUEUE.maxPerMember,
    noticeAfterMs: notice === undefined ? DEFAULT_PHOTO_QUEUE.noticeAfterMs : notice * 1000,
    ...(concurrency ? { concurrency } : {}),
  };
}

type Env = Record<string, string | undefined>;

/** The photos CI and this machine have beside the project; absent elsewhere unless configured. */
const SHARED_TRAIN_DIR = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7', 'train');
const SHARED_EVAL_DIR = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7', 'test');
export const DEFAULT_EVAL_PER_CLASS = 10;

export function readClassifierSettings(env: Env = process.env): ClassifierSettings {
  const threshold = env.CLASSIFIER_NOT_SURE ? Number(env.CLASSIFIER_NOT_SURE) : DEFAULT_NOT_SURE_THRESHOLD;
  if (!(threshold > 0 && threshold < 1)) throw new Error(`CLASSIFIER_NOT_SURE must be between 0 and 1, not "${env.CLASSIFIER_NOT_SURE}"`);
  const dir = env.FOODVISION_TRAIN_DIR?.trim() || (existsSync(SHARED_TRAIN_DIR) ? SHARED_TRAIN_DIR : undefined);
  // A quick demo on a slow machine can train on the first N photos of each class.
  const perClass = env.FOODVISION_TRAIN_PER_CLASS ? Number(env.FOODVISION_TRAIN_PER_CLASS) : undefined;
  if (perClass !== undefined && !(Number.isInteger(perClass) && perClass > 0)) {
    throw new Error(`FOODVISION_TRAIN_PER_CLASS must be a whole number above 0, not "${env.FOODVISION_TRAIN_PER_CLASS}"`);
  }
  const evalDir = env.FOODVISION_EVAL_DIR?.trim() || (existsSync(SHARED_EVAL_DIR) ? SHARED_EVAL_DIR : undefined);
  const evalPerClass = wholeNumber(env, 'FOODVISION_EVAL_PER_CLASS', 1) ?? DEFAULT_EVAL_PER_CLASS;
  return {
    backbone: env.CLASSIFIER_BACKBONE?.trim() || DEFAULT_HEAD_BACKBONE,
    ...(dir ? { trainingData: { dir: path.resolve(dir), ...(perClass ? { perClass } : {}) } } : {}),
    ...(evalDir ? { evaluationData: { dir: path.resolve(evalDir), perClass: evalPerClass } } : {}),
    threshold,
    photoDir: path.resolve(env.DATA_DIR?.trim() || 'data', 'photos'),
    maxPhotoBytes: DEFAULT_PHOTO_LIMITS.maxBytes,
    photoQueue: readPhotoQueueSettings(env),
  };
}
