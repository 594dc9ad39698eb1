// Runs a class's training job: gathers the labelled photos (data set plus the class's approved
// corrections), embeds the ones the cache lacks, trains a head on cached features, compares it with
// the class's active head (activation-gate.ts) and registers it: active when at least as good, else
// a candidate. The job row in Postgres keeps a class to one run at a time, its lease (owner +
// heartbeat) lets a live process finish a job whose process died, and its cancel flag stops it.
import type { ClassifierStores, StoredJob } from '../ports.ts';
import { UserError } from '../../core/errors.ts';
import { dataFingerprint, listDataset, readDatasetPhoto, type DatasetOptions, type DatasetPhoto } from './dataset.ts';
import type { EmbeddingCache } from './embedding-cache.ts';
import { classifierErrors } from './errors.ts';
import type { PipelinePort, TrainingExample } from './pipeline-port.ts';
import { compareHeads, type EvaluationPhoto } from './activation-gate.ts';
import { modelSummary } from './summaries.ts';
import { isAbandoned, newLease } from './training-lease.ts';
import type { EpochReport } from '../types.ts';
import type { Requester, TrainingProgress, TrainResult } from './types.ts';

export interface TrainerOptions {
  pipeline: PipelinePort;
  cache: EmbeddingCache;
  repositories: ClassifierStores;
  /** The folder-per-class photos every run starts from; without it, only corrections are used. */
  trainingData?: DatasetOptions;
  /** The activation gate's fixed photos, never trained on (README); without them a new head goes active. */
  evaluationData?: DatasetOptions;
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
/** Six missed heartbeats make a job stale; with a lease check every 10 s, a dead job is resumed within 40 s. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
export const DEFAULT_STALE_AFTER_MS = 30_000;
/** A job whose process died this often is failed rather than resumed again: it may be what kills them. */
export const MAX_TAKEOVERS = 3;

/** Another process holds the job now: this run stops without touching it. */
class LeaseLost extends Error {}
/** This process is closing: the run hands its job back for another to resume. */
class Stopping extends Error {}
/** The instructor who started the job cancelled it. */
class Cancelled extends Error {}

export class Trainer {
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly runs = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly options: TrainerOptions) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  /**
   * Queues a job and runs it; refused with a UserError while another is queued or running. A job
   * whose process died is no reason to refuse: this request takes it over (a run trains on the
   * data there is now, so resuming it is exactly what was asked), or, when it was abandoned too
   * often, fails it and queues this one.
   */
  async train(who: Requester, onProgress?: Progress): Promise<TrainResult> {
    const { jobs } = this.options.repositories;
    if (who.classroomId === undefined) throw classifierErrors.classroomRequired();
    const lease = newLease();
    for (;;) {
      const queued = await jobs.enqueue(who.classroomId, who.name, lease, who.memberId);
      if ('job' in queued) {
        if (!(await jobs.claim(queued.job.id, lease))) throw classifierErrors.trainingBusy(queued.job.requestedBy, queued.job.createdAt);
        return this.track(this.run(queued.job, lease, onProgress));
      }
      const open = queued.busy;
      const outcome = this.abandonment(open) ? await this.adopt(open, lease) : 'busy';
      if (outcome === 'taken') return this.track(this.run(open, lease, onProgress));
      if (outcome !== 'failed') throw classifierErrors.trainingBusy(open.requestedBy, open.createdAt);
    }
  }

  /**
   * One lease check: when the open job is abandoned, takes it over and starts running it. The
   * check resolves at once; `run` is the training, for whoever wants to wait for it.
   */
  async resumeAbandoned(): Promise<{ run?: Promise<TrainResult> }> {
    // One run at a time per process: the backbone already uses every core.
    if (this.stopping || this.runs.size > 0) return {};
    for (const open of await this.options.repositories.jobs.allOpen()) {
      if (!this.abandonment(open)) continue;
      const lease = newLease();
      if ((await this.adopt(open, lease)) === 'taken') return { run: this.track(this.run(open, lease)) };
    }
    return {};
  }

  /** What happens to an open job nobody works on: resumed, or failed once it was abandoned too often. */
  abandonment(job: StoredJob): 'resume' | 'fail' | undefined {
    if (!isAbandoned(job, this.staleAfterMs)) return undefined;
    return job.owner !== null && job.takeovers >= MAX_TAKEOVERS ? 'fail' : 'resume';
  }

  /** Hands every running job back (queued for another process) and waits for the runs to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.runs]);
  }

  private async adopt(seen: StoredJob, lease: string): Promise<'taken' | 'failed' | 'lost'> {
    const { jobs } = this.options.repositories;
    // Cancelled while nobody held it: closed as its instructor asked, never resumed.
    if (seen.cancelRequested) return (await jobs.cancelled(seen.id, seen.owner)) ? 'failed' : 'lost';
    if (this.abandonment(seen) === 'fail') {
      const failed = await jobs.giveUp(seen, `interrupted ${seen.takeovers + 1} times: its process stopped each time`);
      if (failed) this.options.log?.(`classifier: training job ${seen.id} failed: its process stopped ${seen.takeovers + 1} times`);
      return failed ? 'failed' : 'lost';
    }
    if (!(await jobs.takeOver(seen, lease))) return 'lost';
    this.options.log?.(`classifier: resuming training job ${seen.id} requested by ${seen.requestedBy} (left by ${seen.owner ?? 'a stopped process'})`);
    return 'taken';
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.runs.add(run);
    void run.then(
      () => this.runs.delete(run),
      () => this.runs.delete(run),
    );
    return run;
  }

  private async run(job: StoredJob, lease: string, onProgress?: Progress): Promise<TrainResult> {
    const { jobs } = this.options.repositories;
    let lost = false;
    let cancelled = false;
    let beatFailing = false;
    const renew = async (progress?: EpochReport) => {
      const answer = await jobs.beat(job.id, lease, progress);
      if (answer === 'lost') lost = true;
      if (answer === 'cancelled') cancelled = true;
      beatFailing = false;
    };
    // A missed beat (the database is away) is no reason to stop: training needs no database until it
    // registers the version, and a lease that went stale meanwhile shows up as `lost` on the next beat.
    const beat = (progress?: EpochReport) =>
      renew(progress).catch((error: unknown) => {
        if (!beatFailing) this.options.log?.(`classifier: heartbeat of training job ${job.id} failed: ${String(error)}`);
        beatFailing = true;
      });
    // Between two progress reports too: embedding a photo, or a slow epoch, mustn't look like a death.
    const heartbeat = setInterval(() => void beat(), this.heartbeatMs);
    heartbeat.unref();
    const stillOurs = () => {
      if (lost) throw new LeaseLost();
      if (cancelled) throw new Cancelled();
      if (this.stopping) throw new Stopping();
    };
    try {
      // Before any photo is read: the instructor sees the run (and its Cancel button) at once.
      await onProgress?.({ phase: 'started', jobId: job.id });
      const result = await this.trainOnce(
        job,
        async (progress) => {
          stillOurs();
          // Every report asks the database too, so a cancel lands within one batch or epoch.
          await beat(progress.phase === 'training' ? progress : undefined);
          stillOurs();
          await onProgress?.(progress);
        },
        async () => {
          await renew();
          stillOurs();
        },
      );
      await jobs.finish(job.id, lease, result.versionId);
      return result.result;
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.options.log?.(`classifier: training job ${job.id} was taken over by another process; this run stops`);
        throw classifierErrors.trainingTakenOver();
      }
      if (error instanceof Cancelled) {
        await jobs.cancelled(job.id, lease);
        this.options.log?.(`classifier: training job ${job.id} cancelled by its instructor`);
        throw classifierErrors.trainingCancelled();
      }
      if (error instanceof Stopping) {
        // Not handed back (the database is away): the job goes stale and is resumed all the same.
        await jobs.release(job.id, lease).then(
          () => this.options.log?.(`classifier: training job ${job.id} handed back for another process to resume`),
          (releaseError: unknown) => this.options.log?.(`classifier: could not hand training job ${job.id} back: ${String(releaseError)}`),
        );
        throw classifierErrors.trainingStopped();
      }
      const message = error instanceof UserError ? `${error.code}: ${error.text.en}` : error instanceof Error ? error.message : String(error);
      await jobs.fail(job.id, lease, message);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Labels come from the data set's folders, else from the class's active model (corrections only). */
  private async importDataset(classroomId: number, onProgress: Progress): Promise<{ labels: string[]; skipped: number }> {
    const { repositories, cache, trainingData } = this.options;
    const photos = trainingData ? await this.readDataset(trainingData) : [];
    let labels = [...new Set(photos.map((photo) => photo.label))].sort();
    if (labels.length === 0) labels = (await repositories.registry.activeFor(classroomId))?.labels ?? [];
    // Hash first and keep no bytes: only photos the cache lacks are read again, to embed.
    const hashed: { file: string; label: string; sha256: string }[] = [];
    for (const photo of photos) hashed.push({ ...photo, sha256: (await readDatasetPhoto(photo)).sha256 });
    await repositories.examples.addDataset(hashed.map(({ sha256, label }) => ({ imageSha256: sha256, label })));
    const cached = await cache.lookup(hashed.map(({ sha256 }) => sha256));
    const missing = hashed.filter(({ sha256 }) => !cached.has(sha256));
    const skipped = await this.embedMissing(missing, onProgress);
    return { labels, skipped };
  }

  /** A data folder that isn't there is the operator's to fix: logged, and training goes on without it. */
  private async readDataset(options: DatasetOptions, purpose = 'training on corrections only'): Promise<DatasetPhoto[]> {
    try {
      return await listDataset(options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.options.log?.(`classifier: the data folder ${options.dir} does not exist; ${purpose}`);
      return [];
    }
  }

  /** The gate's fixed photos with their features (embedded once, then cached like any photo); none are trained on. */
  private async evaluationPhotos(onProgress: Progress): Promise<EvaluationPhoto[]> {
    const { evaluationData, cache } = this.options;
    const photos = evaluationData ? await this.readDataset(evaluationData, 'new heads go active without a comparison') : [];
    const hashed: { file: string; label: string; sha256: string }[] = [];
    for (const photo of photos) hashed.push({ ...photo, sha256: (await readDatasetPhoto(photo)).sha256 });
    let cached = await cache.lookup(hashed.map(({ sha256 }) => sha256));
    const missing = hashed.filter(({ sha256 }) => !cached.has(sha256));
    if (missing.length > 0) {
      await this.embedMissing(missing, onProgress);
      cached = await cache.lookup(hashed.map(({ sha256 }) => sha256));
    }
    return hashed.flatMap(({ sha256, label }) => {
      const views = cached.get(sha256);
      return views?.size ? [{ label, views: orderViews(views) }] : [];
    });
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

  /** `beforeRegister` runs last: a run that lost its job registers no version. */
  private async trainOnce(job: StoredJob, onProgress: Progress, beforeRegister: () => Promise<void>): Promise<{ versionId: number; result: TrainResult }> {
    const { repositories, cache, pipeline } = this.options;
    // Jobs from before heads were per class have no class; the migration failed any still open.
    const classroomId = job.classroomId;
    if (classroomId === null) throw classifierErrors.classroomRequired();
    const { labels, skipped: unreadable } = await this.importDataset(classroomId, onProgress);
    const labelled = await repositories.examples.forTraining(labels, classroomId);
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
    const active = await repositories.registry.activeFor(classroomId);
    const evaluation = await this.evaluationPhotos(onProgress);
    if (evaluation.length === 0) this.options.log?.('classifier: no evaluation photos; the new head goes active without a comparison');
    const comparison = compareHeads(pipeline, trained.weights, active, evaluation);
    // Drawn before the version is registered, so a failure here leaves no half-made version behind.
    const confusionPng = await pipeline.confusionPng(trained.metrics);
    const comparisonPngs = comparison.active
      ? { candidate: await pipeline.confusionPng(comparison.candidate.metrics), active: await pipeline.confusionPng(comparison.active.metrics) }
      : undefined;
    await beforeRegister();
    const stored = await repositories.registry.add(
      {
        classroomId,
        backboneId: await cache.backboneId(),
        weights: trained.weights,
        metrics: trained.metrics,
        comparison,
        dataFingerprint: dataFingerprint(examples),
        trainedBy: job.requestedBy,
        ...(job.requestedByMemberId === null ? {} : { trainedByMember: job.requestedByMemberId }),
        activate: comparison.atLeastAsGood,
      },
      { activateIfActiveIs: active?.id ?? null },
    );
    const activeNow = await repositories.registry.activeIdFor(classroomId);
    const corrections = examples.filter((example) => example.source === 'correction').length;
    return {
      versionId: stored.id,
      result: {
        model: modelSummary(stored, activeNow),
        metrics: trained.metrics,
        evaluatedOn: trained.evaluatedOn,
        confusionPng,
        examples: { dataset: examples.length - corrections, corrections, skipped: unreadable + labelled.length - examples.length },
        activated: activeNow === stored.id,
        comparison: { ...comparison, candidate: { ...comparison.candidate, version: stored.version } },
        ...(comparisonPngs ? { comparisonPngs } : {}),
      },
    };
  }
}

/** The photo itself first, then its augmentations in a stable order. */
export function orderViews(views: Map<string, Float32Array>): Float32Array[] {
  const names = [...views.keys()].sort((a, b) => (a === 'original' ? -1 : b === 'original' ? 1 : a.localeCompare(b)));
  return names.map((name) => views.get(name)!);
}
