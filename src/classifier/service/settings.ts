// The classifier's own settings, read from the environment once (no secrets here).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_HEAD_BACKBONE, DEFAULT_PHOTO_LIMITS, projectRoot } from '../pipeline/index.ts';
import type { DatasetOptions } from './dataset.ts';
import { DEFAULT_NOT_SURE_THRESHOLD } from './in-process.ts';

export interface ClassifierSettings {
  backbone: string;
  /** Folder-per-class photos every training run starts from (FOODVISION_TRAIN_DIR, FOODVISION_TRAIN_PER_CLASS). */
  trainingData?: DatasetOptions;
  threshold: number;
  maxPhotoBytes: number;
}

type Env = Record<string, string | undefined>;

/** The photos CI and this machine have beside the project; absent elsewhere unless configured. */
const SHARED_TRAIN_DIR = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7', 'train');

export function readClassifierSettings(env: Env = process.env): ClassifierSettings {
  const threshold = env.CLASSIFIER_NOT_SURE ? Number(env.CLASSIFIER_NOT_SURE) : DEFAULT_NOT_SURE_THRESHOLD;
  if (!(threshold > 0 && threshold < 1)) throw new Error(`CLASSIFIER_NOT_SURE must be between 0 and 1, not "${env.CLASSIFIER_NOT_SURE}"`);
  const dir = env.FOODVISION_TRAIN_DIR?.trim() || (existsSync(SHARED_TRAIN_DIR) ? SHARED_TRAIN_DIR : undefined);
  // A quick demo on a slow machine can train on the first N photos of each class.
  const perClass = env.FOODVISION_TRAIN_PER_CLASS ? Number(env.FOODVISION_TRAIN_PER_CLASS) : undefined;
  if (perClass !== undefined && !(Number.isInteger(perClass) && perClass > 0)) {
    throw new Error(`FOODVISION_TRAIN_PER_CLASS must be a whole number above 0, not "${env.FOODVISION_TRAIN_PER_CLASS}"`);
  }
  return {
    backbone: env.CLASSIFIER_BACKBONE?.trim() || DEFAULT_HEAD_BACKBONE,
    ...(dir ? { trainingData: { dir: path.resolve(dir), ...(perClass ? { perClass } : {}) } } : {}),
    threshold,
    maxPhotoBytes: DEFAULT_PHOTO_LIMITS.maxBytes,
  };
}
