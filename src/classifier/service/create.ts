// Chooses the classifier: the HTTP client when CLASSIFIER_URL is set, else the in-process one
// (built on first use, so a missing backbone doesn't stop the rest of the classroom).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { besideHead, defaultHeadPath, loadHeadFile, renderConfusionPng } from '../pipeline/index.ts';
import type { Metrics } from '../types.ts';
import type { NotMineRule } from '../pipeline/not-mine.ts';
import { sha256Hex } from './embedding-cache.ts';
import { DEFAULT_LEASE_CHECK_MS, InProcessClassifier, type InProcessOptions, type ShippedHead } from './in-process.ts';
import { DEFAULT_STALE_AFTER_MS } from './trainer.ts';
import { isAbandoned } from './training-lease.ts';
import { HttpClassifier } from './http-client.ts';
import { lazyClassifier } from './lazy.ts';
import { PipelineAdapter, type PipelineAdapterOptions } from './pipeline-adapter.ts';
import type { ClassifierSettings } from './settings.ts';
import type { ClassifierService } from './types.ts';
import type { ClassifierStores } from '../ports.ts';

/** What `npm run train` writes beside the head, as far as the registry needs it. */
interface ShippedMetricsFile {
  validation?: Metrics;
  trainingData?: { fingerprint?: string };
}

export interface InProcessClassifierOptions extends Omit<ClassifierSettings, 'maxPhotoBytes' | 'photoQueue'> {
  stores: ClassifierStores;
  training?: PipelineAdapterOptions['training'];
  mirror?: boolean;
  /** The shipped head file (HeadWeights JSON) and its metrics beside it; defaults to models/heads. */
  defaultHeadFile?: string | null;
  heartbeatMs?: number;
  staleAfterMs?: number;
  leaseCheckMs?: number;
  correctionsPerDay?: number;
  headsKept?: number;
  log?: (line: string) => void;
}

async function renderConfusion(metrics: Metrics): Promise<Uint8Array> {
  return new Uint8Array(await renderConfusionPng(metrics, 'Confusion matrix (validation)'));
}

/**
 * The shipped head (HeadWeights JSON, written by `npm run train`) and the `.metrics.json` beside
 * it: its validation metrics and the fingerprint of the photos it was trained on. A missing head
 * file means nothing was shipped.
 */
async function readShippedHead(file: string): Promise<ShippedHead | undefined> {
  if (!existsSync(file)) return undefined;
  const weights = await loadHeadFile(file);
  const metricsFile = besideHead(file, 'metrics');
  const stored = existsSync(metricsFile) ? (JSON.parse(await readFile(metricsFile, 'utf8')) as ShippedMetricsFile) : {};
  return {
    weights,
    metrics: stored.validation ?? { accuracy: 0, perClass: [], confusion: [], labels: weights.labels, examples: 0 },
    // Without a recorded fingerprint the file's own hash still names what was shipped.
    dataFingerprint: stored.trainingData?.fingerprint ?? `file:${sha256Hex(await readFile(file))}`,
  };
}

/** The in-process classifier, loaded and started (default head imported, stale training resumed). */
export async function startInProcessClassifier(options: InProcessClassifierOptions): Promise<InProcessClassifier> {
  const adapter = await PipelineAdapter.load({
    backbone: options.backbone,
    renderConfusion,
    ...(options.training ? { training: options.training } : {}),
    ...(options.mirror === undefined ? {} : { mirror: options.mirror }),
  });
  const headFile = options.defaultHeadFile === undefined ? defaultHeadPath() : options.defaultHeadFile;
  const notMineFile = headFile ? besideHead(headFile, 'not-mine') : undefined;
  const serviceOptions: InProcessOptions = {
    stores: options.stores,
    pipeline: adapter,
    threshold: options.threshold,
    ...(options.photoDir ? { photoDir: options.photoDir } : {}),
    ...(notMineFile && existsSync(notMineFile) ? { notMine: JSON.parse(await readFile(notMineFile, 'utf8')) as NotMineRule } : {}),
    ...(options.trainingData ? { trainingData: options.trainingData } : {}),
    ...(options.evaluationData ? { evaluationData: options.evaluationData } : {}),
    ...(options.correctionsPerDay ? { correctionsPerDay: options.correctionsPerDay } : {}),
    ...(options.headsKept ? { headsKept: options.headsKept } : {}),
    ...(headFile ? { defaultHead: () => readShippedHead(headFile) } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
    ...(options.leaseCheckMs ? { leaseCheckMs: options.leaseCheckMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  const classifier = new InProcessClassifier(serviceOptions);
  await classifier.start();
  return classifier;
}

export function createClassifier(options: InProcessClassifierOptions & { url?: string; token?: string }): ClassifierService {
  if (options.url) {
    return new HttpClassifier({ url: options.url, ...(options.token ? { token: options.token } : {}), ...(options.log ? { log: options.log } : {}) });
  }
  // A bot that nobody has asked for a photo yet still resumes a training job a crash left behind.
  const jobs = options.stores.jobs;
  const wake = {
    everyMs: options.leaseCheckMs ?? DEFAULT_LEASE_CHECK_MS,
    needed: async () => {
      const open = await jobs.allOpen();
      return open.some((job) => isAbandoned(job, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
    },
  };
  return lazyClassifier(() => startInProcessClassifier(options), options.log, wake);
}
