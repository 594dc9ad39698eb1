// The classifier in this process: the pipeline for the numbers, Postgres for the embedding cache
// (shared: it depends only on backbone and photo), each class's model registry, predictions,
// corrections and training queue.
import { memberKeyEnd, type RateLimitStore } from '../../core/ports.ts';
import type { ClassifierStores, StoredPrediction, StoredVersion } from '../ports.ts';
import type { HeadWeights, LabelProbability, Metrics } from '../types.ts';
import { judgeNotMine, type NotMineRule } from '../pipeline/not-mine.ts';
import { UserError } from '../../core/errors.ts';
import type { DatasetOptions } from './dataset.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import { repeatEvery, type Repeating } from './every.ts';
import { classifierErrors } from './errors.ts';
import type { PipelinePort } from './pipeline-port.ts';
import { HeadCache } from './head-cache.ts';
import { RecentPhotos } from './photo-memory.ts';
import { thumbnailOf } from './thumbnail.ts';
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

/** A day of one member's corrections: a lesson's worth, too few for one student to outvote the data set. */
export const DEFAULT_CORRECTIONS_PER_DAY = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface InProcessOptions {
  /** The classifier's tables (src/db/classifier over Prisma, handed in by the composition root). */
  stores: ClassifierStores;
  pipeline: PipelinePort;
  trainingData?: DatasetOptions;
  /** The activation gate's fixed photos (README, "Activate only when better"). */
  evaluationData?: DatasetOptions;
  correctionsPerDay?: number;
  /** Loaded heads kept in memory (one per class in use). */
  headsKept?: number;
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
  private readonly repositories: ClassifierStores;
  private readonly trainer: Trainer;
  private readonly photos: RecentPhotos;
  readonly heads: HeadCache;
  private readonly rateLimits: RateLimitStore;
  /** The last training job this process resumed, running in the background (undefined when none). */
  recovery: Promise<TrainResult | undefined> = Promise.resolve(undefined);
  private leaseWatch: Repeating | undefined;

  constructor(private readonly options: InProcessOptions) {
    this.repositories = options.stores;
    this.cache = new EmbeddingCache(options.pipeline, this.repositories.embeddings);
    this.threshold = options.threshold ?? DEFAULT_NOT_SURE_THRESHOLD;
    this.heads = new HeadCache(options.headsKept);
    this.rateLimits = options.stores.rateLimits;
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
    const model = await this.activeModel(who.classroomId);
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

  /** A prediction of the caller's class: another class's photo is not this member's to see or label. */
  private async predictionFor(predictionId: number, who: Requester): Promise<StoredPrediction> {
    const prediction = await this.repositories.predictions.find(predictionId);
    const elsewhere = prediction?.classroomId != null && who.classroomId !== undefined && prediction.classroomId !== who.classroomId;
    if (!prediction || elsewhere) throw classifierErrors.predictionNotFound(predictionId);
    return prediction;
  }

  async where(predictionId: number, who: Requester): Promise<WhereResult> {
    const prediction = await this.predictionFor(predictionId, who);
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
      // No class is named: the tensor shapes are any head's on this backbone, so the default, else the newest.
      const model = await this.activeModel(undefined).catch(async (error: unknown) => {
        const newest = (await this.repositories.registry.list()).filter((v) => v.backbone === this.options.pipeline.backbone).at(-1);
        if (!newest) throw error;
        return newest;
      });
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

  /**
   * Queues a member's correction for their class's instructors. Counted against the member's day
   * (RateLimitWindow, so every process counts the same), after the checks that cost nothing.
   */
  async correct(predictionId: number, label: string, who: Requester): Promise<{ label: string; pending: number }> {
    const prediction = await this.predictionFor(predictionId, who);
    const model = await this.repositories.registry.byVersion(prediction.modelVersion);
    const labels = model?.labels ?? [];
    if (!labels.includes(label)) throw classifierErrors.unknownLabel(label, labels);
    const classroomId = prediction.classroomId ?? who.classroomId ?? null;
    if (who.memberId !== undefined && classroomId !== null) {
      const perDay = this.options.correctionsPerDay ?? DEFAULT_CORRECTIONS_PER_DAY;
      const slot = await this.rateLimits.take(`correction:day${memberKeyEnd(classroomId, who.memberId)}`, { windowMs: DAY_MS, calls: perDay }, Date.now());
      if (!slot.taken) throw classifierErrors.correctionLimit(perDay, slot.retryAfterMs);
    }
    const photo = this.photos.recall(prediction.imageSha256);
    const thumbnail = photo ? await thumbnailOf(photo) : undefined;
    await this.repositories.examples.correct({
      predictionId,
      memberId: who.memberId ?? null,
      classroomId,
      imageSha256: prediction.imageSha256,
      label,
      ...(thumbnail ? { thumbnail } : {}),
    });
    const counts = await this.repositories.examples.countCorrections(classroomId ?? undefined);
    return { label, pending: counts.pending };
  }

  train(who: Requester, onProgress?: (progress: TrainingProgress) => void | Promise<void>): Promise<TrainResult> {
    return this.trainer.train(who, onProgress);
  }

  async status(who: Requester): Promise<ClassifierStatus> {
    const { registry, predictions, examples, jobs } = this.repositories;
    const classroomId = who.classroomId;
    const [active, versions, embeddingsCached, predictionCount, corrections, open, latest, backend] = await Promise.all([
      registry.activeFor(classroomId),
      registry.list(classroomId),
      this.cache.count(),
      predictions.count(),
      examples.countCorrections(classroomId),
      classroomId === undefined ? undefined : jobs.open(classroomId),
      classroomId === undefined ? undefined : jobs.latest(classroomId),
      this.options.pipeline.backendName(),
    ]);
    const job = open ?? latest;
    // An open job nobody is working on is reported as interrupted, never as running.
    const abandoned = open ? this.trainer.abandonment(open) : undefined;
    return {
      backend,
      backbone: this.options.pipeline.backbone,
      ...(active ? { active: modelSummary(active, active.id) } : {}),
      versions: versions.length,
      embeddingsCached,
      predictions: predictionCount,
      corrections,
      ...(job ? { training: jobSummary(job, abandoned) } : {}),
      threshold: this.threshold,
    };
  }

  /** Any version the class may use (its own or a shared one), whatever the gate said: the instructor decides. */
  async activate(version: number, who: Requester): Promise<ModelSummary> {
    const { registry } = this.repositories;
    if (who.classroomId === undefined) throw classifierErrors.classroomRequired();
    const target = await registry.byVersion(version);
    // Another class's version is reported as missing: its number says nothing to this class.
    if (!target || (target.classroomId !== null && target.classroomId !== who.classroomId)) throw classifierErrors.versionNotFound(version);
    this.checkBackbone(target);
    const activated = await registry.activate(version, who.classroomId, who.name);
    if (!activated) throw classifierErrors.versionNotFound(version);
    return modelSummary(activated, activated.id);
  }

  async listModels(who: Requester): Promise<ModelSummary[]> {
    const { registry } = this.repositories;
    const [versions, activeId] = await Promise.all([registry.list(who.classroomId), registry.activeIdFor(who.classroomId)]);
    return versions.map((version) => modelSummary(version, activeId ?? -1));
  }

  async labels(who: Requester): Promise<string[]> {
    return (await this.activeModel(who.classroomId).catch(() => undefined))?.labels ?? [];
  }

  /** Stops looking for abandoned jobs and hands a running one back (another process resumes it). */
  async close(): Promise<void> {
    this.leaseWatch?.stop();
    await this.trainer.stop();
    await this.options.pipeline.close?.();
  }

  /**
   * The class's active version, asked of the database every time (another process may have
   * activated one), its weights read once per version while it stays in the bounded head cache.
   */
  private async activeModel(classroomId: number | undefined): Promise<StoredVersion> {
    const { registry } = this.repositories;
    const id = await registry.activeIdFor(classroomId);
    if (id === undefined) throw classifierErrors.noModel();
    const version = await this.heads.get(id, (wanted) => registry.byId(wanted));
    if (!version) throw classifierErrors.noModel();
    this.checkBackbone(version);
    return version;
  }

  private checkBackbone(version: StoredVersion): void {
    const runs = this.options.pipeline.backbone;
    if (version.backbone !== runs) throw classifierErrors.wrongBackbone(version.version, version.backbone, runs);
  }
}
