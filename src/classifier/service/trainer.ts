// Runs a training job: gathers the labelled photos (data set plus members' corrections), embeds
// the ones the cache lacks, trains a head on cached features, and registers it as the new active
// version. The job row in Postgres is what keeps two instructors from training at once.
import type { ClassifierRepositories, StoredJob } from '../../db/classifier/index.ts';
import { UserError } from '../../core/errors.ts';
import { dataFingerprint, listDataset, readDatasetPhoto, type DatasetOptions, type DatasetPhoto } from './dataset.ts';
import type { EmbeddingCache } from './embedding-cache.ts';
import { classifierErrors } from './errors.ts';
import type { PipelinePort, TrainingExample } from './pipeline-port.ts';
import { modelSummary } from './summaries.ts';
import type { Requester, TrainingProgress, TrainResult } from './types.ts';

export interface TrainerOptions {
  pipeline: PipelinePort;
  cache: EmbeddingCache;
  repositories: ClassifierRepositories;
  /** The folder-per-class photos every run starts from; without it, only corrections are used. */
  trainingData?: DatasetOptions;
  /** A running job refreshes its heartbeat this often... */
  heartbeatMs?: number;
  /** ...and one silent for this long belonged to a process that stopped: another may take it over. */
  staleAfterMs?: number;
  log?: (line: string) => void;
}

type Progress = (progress: TrainingProgress) => void | Promise<void>;

/** Photos per bulk batch, and how many missing photos make starting worker threads worth it. */
const BATCH = 16;
const BULK_FROM = 64;

export class Trainer {
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;

  constructor(private readonly options: TrainerOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
  }

  /** Queues a job and runs it; refused with a UserError while another is queued or running. */
  async train(who: Requester, onProgress?: Progress): Promise<TrainResult> {
    const { jobs } = this.options.repositories;
    const queued = await jobs.enqueue(who.name, who.memberId);
    if ('busy' in queued) {
      // A job left open by a process that stopped is finished here rather than lost.
      if (await jobs.claimIfStale(queued.busy.id, this.staleBefore())) return this.run(queued.busy, onProgress);
      throw classifierErrors.trainingBusy(queued.busy.requestedBy, queued.busy.createdAt);
    }
    if (!(await jobs.claim(queued.job.id))) throw classifierErrors.trainingBusy(queued.job.requestedBy, queued.job.createdAt);
    return this.run(queued.job, onProgress);
  }

  /** At start-up: finishes a job a stopped process left queued or running. Resolves when it is done. */
  async recover(): Promise<TrainResult | undefined> {
    const { jobs } = this.options.repositories;
    const open = await jobs.open();
    if (!open || !(await jobs.claimIfStale(open.id, this.staleBefore()))) return undefined;
    this.options.log?.(`classifier: resuming training job ${open.id} requested by ${open.requestedBy}`);
    return this.run(open);
  }

  private staleBefore(): Date {
    return new Date(Date.now() - this.staleAfterMs);
  }

  private async run(job: StoredJob, onProgress?: Progress): Promise<TrainResult> {
    const { jobs } = this.options.repositories;
    const heartbeat = setInterval(() => {
      jobs.beat(job.id).catch((error: unknown) => this.options.log?.(`classifier: heartbeat failed: ${String(error)}`));
    }, this.heartbeatMs);
    heartbeat.unref();
    try {
      const result = await this.trainOnce(job, async (progress) => {
        if (progress.phase === 'training') await jobs.beat(job.id, progress);
        await onProgress?.(progress);
      });
      await jobs.finish(job.id, result.versionId);
      return result.result;
    } catch (error) {
      const message = error instanceof UserError ? `${error.code}: ${error.text.en}` : error instanceof Error ? error.message : String(error);
      await jobs.fail(job.id, message);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Labels come from the data set's folders, else from the active model (corrections only). */
  private async importDataset(onProgress: Progress): Promise<{ labels: string[]; skipped: number }> {
    const { repositories, cache, trainingData } = this.options;
    const photos = trainingData ? await this.readDataset(trainingData) : [];
    let labels = [...new Set(photos.map((photo) => photo.label))].sort();
    if (labels.length === 0) labels = (await repositories.registry.active())?.labels ?? [];
    // Hash first and keep no bytes: only photos the cache lacks are read again, to embed.
    const hashed: { file: string; label: string; sha256: string }[] = [];
    for (const photo of photos) hashed.push({ ...photo, sha256: (await readDatasetPhoto(photo)).sha256 });
    await repositories.examples.addDataset(hashed.map(({ sha256, label }) => ({ imageSha256: sha256, label })));
    const cached = await cache.lookup(hashed.map(({ sha256 }) => sha256));
    const missing = hashed.filter(({ sha256 }) => !cached.has(sha256));
    const skipped = await this.embedMissing(missing, onProgress);
    return { labels, skipped };
  }

  /** A data folder that isn't there is the operator's to fix: logged, and training goes on with corrections. */
  private async readDataset(options: DatasetOptions): Promise<DatasetPhoto[]> {
    try {
      return await listDataset(options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.options.log?.(`classifier: the training data folder ${options.dir} does not exist; training on corrections only`);
      return [];
    }
  }

  /**
   * Runs the backbone over photos the cache lacks: in batches on every core when there are many,
   * one by one otherwise or for a batch holding a bad photo (skipped, with its reason logged).
   */
  private async embedMissing(missing: DatasetPhoto[], onProgress: Progress): Promise<number> {
    const { cache, pipeline } = this.options;
    const bulk = pipeline.embedMany && missing.length >= BULK_FROM ? pipeline.embedMany.bind(pipeline) : undefined;
    let skipped = 0;
    let done = 0;
    try {
      for (let start = 0; start < missing.length; start += BATCH) {
        const batch = await Promise.all(missing.slice(start, start + BATCH).map(async (photo) => ({ photo, ...(await readDatasetPhoto(photo)) })));
        const views = bulk
          ? await bulk(batch.map((item) => item.bytes)).catch((error: unknown) => {
              // A bad photo in the batch is expected (found and logged one by one below); anything else is worth knowing.
              if (!(error instanceof UserError)) this.options.log?.(`classifier: batch embedding failed, going one by one: ${String(error)}`);
              return undefined;
            })
          : undefined;
        if (views) {
          await Promise.all(batch.map((item, index) => cache.store(item.sha256, views[index]!)));
        } else {
          for (const item of batch) {
            try {
              await cache.embed(item.bytes);
            } catch (error) {
              if (!(error instanceof UserError)) throw error;
              skipped += 1;
              this.options.log?.(`classifier: skipping ${item.photo.file}: ${error.text.en}`);
            }
          }
        }
        done += batch.length;
        await onProgress({ phase: 'embedding', done, total: missing.length });
      }
    } finally {
      await pipeline.endBulk?.();
    }
    return skipped;
  }

  private async trainOnce(job: StoredJob, onProgress: Progress): Promise<{ versionId: number; result: TrainResult }> {
    const { repositories, cache, pipeline } = this.options;
    const { labels, skipped: unreadable } = await this.importDataset(onProgress);
    const labelled = await repositories.examples.forTraining(labels);
    const features = await cache.lookup(labelled.map((example) => example.imageSha256));
    const examples: (TrainingExample & { imageSha256: string; source: string })[] = [];
    for (const example of labelled) {
      const views = features.get(example.imageSha256);
      // A correction whose photo was embedded by another backbone has no features here.
      if (!views?.size) continue;
      examples.push({ ...example, views: orderViews(views) });
    }
    if (examples.length === 0 || labels.length < 2) throw classifierErrors.noTrainingData();
    const trained = await pipeline.train(examples, labels, async (report) => onProgress({ phase: 'training', ...report }));
    // Drawn before the version is registered, so a failure here leaves no half-made version behind.
    const confusionPng = await pipeline.confusionPng(trained.metrics);
    const stored = await repositories.registry.add({
      backboneId: await cache.backboneId(),
      weights: trained.weights,
      metrics: trained.metrics,
      dataFingerprint: dataFingerprint(examples),
      trainedBy: job.requestedBy,
      ...(job.requestedByMemberId === null ? {} : { trainedByMember: job.requestedByMemberId }),
      activate: true,
    });
    const corrections = examples.filter((example) => example.source === 'correction').length;
    return {
      versionId: stored.id,
      result: {
        model: modelSummary(stored),
        metrics: trained.metrics,
        evaluatedOn: trained.evaluatedOn,
        confusionPng,
        examples: { dataset: examples.length - corrections, corrections, skipped: unreadable + labelled.length - examples.length },
      },
    };
  }
}

/** The photo itself first, then its augmentations in a stable order. */
export function orderViews(views: Map<string, Float32Array>): Float32Array[] {
  const names = [...views.keys()].sort((a, b) => (a === 'original' ? -1 : b === 'original' ? 1 : a.localeCompare(b)));
  return names.map((name) => views.get(name)!);
}
