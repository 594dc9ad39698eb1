// The classifier in this process: the pipeline for the numbers, Postgres for the embedding cache,
// the model registry, predictions, corrections and the training queue.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { classifierRepositories, type ClassifierRepositories, type StoredVersion } from '../../db/classifier/index.ts';
import type { HeadWeights, LabelProbability, Metrics } from '../types.ts';
import { judgeNotMine, type NotMineRule } from '../pipeline/not-mine.ts';
import { UserError } from '../../core/errors.ts';
import type { DatasetOptions } from './dataset.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import { repeatEvery, type Repeating } from './every.ts';
import { classifierErrors } from './errors.ts';
import type { PipelinePort } from './pipeline-port.ts';
import { RecentPhotos } from './photo-memory.ts';
import { jobSummary, modelSummary } from './summaries.ts';
import { orderViews, Trainer } from './trainer.ts';
import type {
  ClassifierService,
  ClassifierStatus,
  ClassifyResult,
  Explanation,
  ExplainTarget,
  ModelSummary,
  Requester,
  TrainingProgress,
  TrainResult,
  WhereResult,
} from './types.ts';

/**
 * Below this top probability the answer is "not sure". With 7 classes chance is 14%; a head that
 * puts under half its belief on one class is more often wrong than right on Food-101 photos, and
 * a confident wrong name teaches the class the wrong lesson.
 */
export const DEFAULT_NOT_SURE_THRESHOLD = 0.5;

/** The shipped default head, imported as version 1 when the registry is empty. */
export interface ShippedHead {
  weights: HeadWeights;
  metrics: Metrics;
  dataFingerprint: string;
}

export interface InProcessOptions {
  prisma: PrismaClient;
  pipeline: PipelinePort;
  trainingData?: DatasetOptions;
  threshold?: number;
  defaultHead?: () => Promise<ShippedHead | undefined>;
  /** "Not one of mine" (models/heads/default.not-mine.json); without it every photo is one of the classes. */
  notMine?: NotMineRule;
  /** Where photos are kept for the buttons that need them again ("🔥 where it looked"), across restarts. */
  photoDir?: string;
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** How often this process looks for a training job whose process died (default 10 s). */
  leaseCheckMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_LEASE_CHECK_MS = 10_000;

export class InProcessClassifier implements ClassifierService {
  readonly cache: EmbeddingCache;
  readonly threshold: number;
  private readonly repositories: ClassifierRepositories;
  private readonly trainer: Trainer;
  private readonly photos: RecentPhotos;
  private readonly versions = new Map<number, StoredVersion>();
  /** The last training job this process resumed, running in the background (undefined when none). */
  recovery: Promise<TrainResult | undefined> = Promise.resolve(undefined);
  private leaseWatch: Repeating | undefined;

  constructor(private readonly options: InProcessOptions) {
    this.repositories = classifierRepositories(options.prisma);
    this.cache = new EmbeddingCache(options.pipeline, this.repositories.embeddings);
    this.threshold = options.threshold ?? DEFAULT_NOT_SURE_THRESHOLD;
    this.photos = new RecentPhotos(undefined, options.photoDir);
    this.trainer = new Trainer({ ...options, cache: this.cache, repositories: this.repositories });
  }

  /**
   * Imports the shipped head into an empty registry, resumes a training job a stopped process left
   * behind (in the background: start-up doesn't wait for a training run), and from then on checks
   * every `leaseCheckMs` for one whose process died, so a crash anywhere is made good within a minute.
   */
  async start(): Promise<void> {
    const { registry } = this.repositories;
    if ((await registry.count()) === 0) {
      const shipped = await this.options.defaultHead?.();
      if (shipped && shipped.weights.backbone === this.options.pipeline.backbone) {
        await registry.importFirst({
          backboneId: await this.cache.backboneId(),
          ...shipped,
          trainedBy: 'shipped default head (models/heads)',
          activate: true,
        });
      }
    }
    const log = this.options.log ?? (() => {});
    await this.resumeAbandoned().catch((error: unknown) => log(`classifier: could not look for a training job to resume: ${String(error)}`));
    this.leaseWatch = repeatEvery(this.options.leaseCheckMs ?? DEFAULT_LEASE_CHECK_MS, () => this.resumeAbandoned(), log, 'classifier: training lease check');
  }

  private async resumeAbandoned(): Promise<void> {
    const { run } = await this.trainer.resumeAbandoned();
    if (!run) return;
    this.recovery = run.catch((error: unknown) => {
      this.options.log?.(`classifier: resumed training failed: ${error instanceof UserError ? error.text.en : String(error)}`);
      return undefined;
    });
  }

  async classify(photo: Uint8Array, who: Requester): Promise<ClassifyResult> {
    const model = await this.activeModel();
    const embedded = await this.cache.embed(photo);
    this.photos.remember(embedded.sha256, photo);
    const views = orderViews(embedded.views);
    const classes = this.options.pipeline.predict(model.weights, views);
    const notMine = this.notMine(model.weights, views[0]!, embedded.imagenet);
    const notSure = !notMine && (classes[0]?.probability ?? 0) < this.threshold;
    // A fresh embedding came with the ImageNet top-3 for free: keep it for "What does the backbone see?".
    const explanation = embedded.imagenet
      ? { backbone: model.backbone, modelVersion: model.version, imagenet: embedded.imagenet, trace: await this.options.pipeline.trace(model.weights) }
      : undefined;
    const predictionId = await this.repositories.predictions.add({
      ...(who.memberId === undefined ? {} : { memberId: who.memberId }),
      ...(who.classroomId === undefined ? {} : { classroomId: who.classroomId }),
      modelVersionId: model.id,
      imageSha256: embedded.sha256,
      classes,
      notSure,
      ...(explanation ? { explanation } : {}),
    });
    return {
      predictionId,
      modelVersion: model.version,
      backbone: model.backbone,
      imageSha256: embedded.sha256,
      classes,
      notSure,
      threshold: this.threshold,
      ...(notMine ? { notMine } : {}),
    };
  }

  /** The not-one-of-mine rule on the photo's plain features and the backbone's own ImageNet view. */
  private notMine(head: HeadWeights, plain: Float32Array, imagenet?: LabelProbability[]): ClassifyResult['notMine'] {
    const rule = this.options.notMine;
    const { pipeline } = this.options;
    if (!rule || !pipeline.topLogit || pipeline.backbone.split('+')[0] !== rule.imagenetBackbone) return undefined;
    const top = imagenet?.[0] ?? pipeline.imagenetFromFeatures?.(plain, 1)?.[0];
    const reason = judgeNotMine(rule, top, pipeline.topLogit(head, plain));
    return reason && top ? { reason, imagenet: top } : undefined;
  }

  async where(predictionId: number): Promise<WhereResult> {
    const prediction = await this.repositories.predictions.find(predictionId);
    if (!prediction) throw classifierErrors.predictionNotFound(predictionId);
    const model = await this.repositories.registry.byVersion(prediction.modelVersion);
    const photo = await this.photos.recallKept(prediction.imageSha256);
    if (!photo || !model || !this.options.pipeline.activationPng) throw classifierErrors.photoForgotten();
    const label = (prediction.classes as LabelProbability[])[0]?.label ?? model.labels[0]!;
    const drawn = await this.options.pipeline.activationPng(model.weights, photo, label);
    return { predictionId, label, ...drawn };
  }

  async explain(target: ExplainTarget): Promise<Explanation> {
    const { pipeline } = this.options;
    if ('photo' in target) {
      const model = await this.activeModel();
      return {
        backbone: model.backbone,
        modelVersion: model.version,
        imagenet: await pipeline.imagenetTop(target.photo, 3),
        trace: await pipeline.trace(model.weights),
      };
    }
    const prediction = await this.repositories.predictions.find(target.predictionId);
    if (!prediction) throw classifierErrors.predictionNotFound(target.predictionId);
    if (prediction.explanation) return { ...(prediction.explanation as Explanation), predictionId: prediction.id };
    const photo = this.photos.recall(prediction.imageSha256);
    const model = await this.repositories.registry.byVersion(prediction.modelVersion);
    if (!photo || !model) throw classifierErrors.photoForgotten();
    const explanation: Explanation = {
      predictionId: prediction.id,
      backbone: model.backbone,
      modelVersion: model.version,
      imagenet: await pipeline.imagenetTop(photo, 3),
      trace: await pipeline.trace(model.weights),
    };
    await this.repositories.predictions.saveExplanation(prediction.id, explanation);
    return explanation;
  }

  async correct(predictionId: number, label: string, who: Requester): Promise<{ label: string; examples: number }> {
    const prediction = await this.repositories.predictions.find(predictionId);
    // A prediction made in another classroom is not this member's to label.
    const elsewhere = prediction?.classroomId != null && who.classroomId !== undefined && prediction.classroomId !== who.classroomId;
    if (!prediction || elsewhere) throw classifierErrors.predictionNotFound(predictionId);
    const model = await this.repositories.registry.byVersion(prediction.modelVersion);
    const labels = model?.labels ?? [];
    if (!labels.includes(label)) throw classifierErrors.unknownLabel(label, labels);
    await this.repositories.examples.correct(predictionId, who.memberId ?? null, prediction.imageSha256, label);
    return { label, examples: await this.repositories.examples.countCorrections() };
  }

  train(who: Requester, onProgress?: (progress: TrainingProgress) => void | Promise<void>): Promise<TrainResult> {
    return this.trainer.train(who, onProgress);
  }

  async status(): Promise<ClassifierStatus> {
    const { registry, predictions, examples, jobs } = this.repositories;
    const [active, versions, embeddingsCached, predictionCount, corrections, open, latest, backend] = await Promise.all([
      registry.active(),
      registry.count(),
      this.cache.count(),
      predictions.count(),
      examples.countCorrections(),
      jobs.open(),
      jobs.latest(),
      this.options.pipeline.backendName(),
    ]);
    const job = open ?? latest;
    // An open job nobody is working on is reported as interrupted, never as running.
    const abandoned = open ? this.trainer.abandonment(open) : undefined;
    return {
      backend,
      backbone: this.options.pipeline.backbone,
      ...(active ? { active: modelSummary(active) } : {}),
      versions,
      embeddingsCached,
      predictions: predictionCount,
      corrections,
      ...(job ? { training: jobSummary(job, abandoned) } : {}),
      threshold: this.threshold,
    };
  }

  async activate(version: number): Promise<ModelSummary> {
    const { registry } = this.repositories;
    const target = await registry.byVersion(version);
    if (!target) throw classifierErrors.versionNotFound(version);
    this.checkBackbone(target);
    const activated = await registry.activate(version);
    if (!activated) throw classifierErrors.versionNotFound(version);
    return modelSummary(activated);
  }

  async listModels(): Promise<ModelSummary[]> {
    return (await this.repositories.registry.list()).map(modelSummary);
  }

  async labels(): Promise<string[]> {
    return (await this.repositories.registry.active())?.labels ?? [];
  }

  /** Stops looking for abandoned jobs and hands a running one back (another process resumes it). */
  async close(): Promise<void> {
    this.leaseWatch?.stop();
    await this.trainer.stop();
    await this.options.pipeline.close?.();
  }

  /**
   * The active version, asked of the database every time (another process may have activated
   * one), with its weights read once per version: a version's weights never change.
   */
  private async activeModel(): Promise<StoredVersion> {
    const id = await this.repositories.registry.activeId();
    if (id === undefined) throw classifierErrors.noModel();
    let version = this.versions.get(id);
    if (!version) {
      version = await this.repositories.registry.byId(id);
      if (!version) throw classifierErrors.noModel();
      this.versions.set(id, version);
    }
    this.checkBackbone(version);
    return version;
  }

  private checkBackbone(version: StoredVersion): void {
    const runs = this.options.pipeline.backbone;
    if (version.backbone !== runs) throw classifierErrors.wrongBackbone(version.version, version.backbone, runs);
  }
}
