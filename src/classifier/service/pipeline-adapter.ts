// Fills the service's PipelinePort from the ML pipeline: sharp decoding and checks, the frozen
// backbone, the Dense head, metrics and the confusion-matrix picture.
import {
  classActivationMaps,
  headLogits,
  logitFromMaps,
  renderActivationPng,
  DEFAULT_FOLDS,
  averageProbabilities,
  createEmbedPool,
  decodePhoto,
  evaluateHead,
  imagenetTopFromFeatures,
  initBackend,
  loadBackbone,
  predictHead,
  rankClasses,
  recipeFor,
  sha256,
  tensorTrace,
  trainFoldEnsemble,
  trainHead,
  type Backbone,
  type EmbedPool,
  type TrainingExample as HeadExample,
} from '../pipeline/index.ts';
import type { EpochReport, HeadWeights, LabelProbability, Metrics, TensorTrace } from '../types.ts';
import type { EmbeddedPhoto, PipelinePort, TrainedHead, TrainingExample } from './pipeline-port.ts';

/**
 * A fold ensemble needs a few photos of every class in every fold; a class demo on a handful of
 * photos trains one head with a validation split instead.
 */
const MIN_PHOTOS_PER_FOLD = 2;

function smallestClass(examples: readonly TrainingExample[]): number {
  const counts = new Map<string, number>();
  for (const example of examples) counts.set(example.label, (counts.get(example.label) ?? 0) + 1);
  return Math.min(...counts.values());
}

/** The view names the cache stores; the mirror image doubles as test-time averaging and augmentation. */
export const MIRROR_VIEW = 'flip';

export interface PipelineAdapterOptions {
  backbone: string;
  /** Embed and cache the mirror image too (default: the backbone's recipe): a second backbone pass, once per photo. */
  mirror?: boolean;
  /**
   * Head training overrides (tests use fewer epochs). `folds` (default 5) trains the shipped
   * recipe, a cross-fitted fold ensemble averaged into one head; 1 trains a single head.
   */
  training?: { epochs?: number; seed?: number; validationSplit?: number; patience?: number; folds?: number; l2?: number };
  renderConfusion: (metrics: Metrics) => Promise<Uint8Array>;
  /**
   * Worker threads for single photos (default one per core). They run only where the ImageNet view
   * can be read off the features (EfficientNet's classifier is one Dense layer on them); other
   * backbones embed single photos on the main thread, which is cheap for MobileNet.
   */
  photoWorkers?: number;
}

export class PipelineAdapter implements PipelinePort {
  readonly backbone: string;
  readonly featureSize: number;
  private readonly mirror: boolean;
  private readonly l2: number;
  private pool: Promise<EmbedPool> | undefined;
  /** Single photos' workers, kept for the life of the adapter: a slow backbone never holds the event loop. */
  private photoPool: Promise<EmbedPool> | undefined;

  private constructor(
    private readonly network: Backbone,
    private readonly options: PipelineAdapterOptions,
  ) {
    this.backbone = network.name;
    this.featureSize = network.featureSize;
    const recipe = recipeFor(network.name);
    this.mirror = options.mirror ?? recipe.mirror;
    this.l2 = options.training?.l2 ?? recipe.l2;
  }

  static async load(options: PipelineAdapterOptions): Promise<PipelineAdapter> {
    const adapter = new PipelineAdapter(await loadBackbone(options.backbone), options);
    // Started now, so the first photo doesn't wait for the workers to load the backbone.
    adapter.photoWorkers()?.catch(() => undefined);
    return adapter;
  }

  async backendName(): Promise<string> {
    return (await initBackend()).name;
  }

  /** One pass gives the plain features and the ImageNet top-3 together; the mirror is a second pass. */
  async embed(bytes: Uint8Array): Promise<EmbeddedPhoto> {
    const pool = this.photoWorkers();
    if (pool) return this.embedOnWorker(await pool, bytes);
    const photo = await decodePhoto(bytes);
    const seen = await this.network.inspect(photo, 3);
    const views = new Map([['original', seen.features]]);
    if (this.mirror) views.set(MIRROR_VIEW, (await this.network.embed([photo], { flip: true }))[0]!);
    return { sha256: photo.sha256, views, imagenet: seen.imagenet };
  }

  /**
   * The photo's bytes go to a worker (decoding and the backbone, 130 ms for EfficientNet at 320), so
   * lessons and quiz answers are served meanwhile and two photos embed at once on two cores. The
   * ImageNet top-3 is the backbone's own Dense classifier on those features, the numbers `inspect` gives.
   */
  private async embedOnWorker(pool: EmbedPool, bytes: Uint8Array): Promise<EmbeddedPhoto> {
    const [[plain], mirrored] = await Promise.all([pool.embed([bytes]), this.mirror ? pool.embed([bytes], { flip: true }) : Promise.resolve(undefined)]);
    const views = new Map([['original', plain!]]);
    if (mirrored) views.set(MIRROR_VIEW, mirrored[0]!);
    return { sha256: sha256(bytes), views, imagenet: this.imagenetFromFeatures(plain!, 3)! };
  }

  private photoWorkers(): Promise<EmbedPool> | undefined {
    if (!this.network.imagenetFromFeatures || this.options.photoWorkers === 0) return undefined;
    if (!this.photoPool) {
      const started = createEmbedPool({ backbone: this.backbone, ...(this.options.photoWorkers ? { workers: this.options.photoWorkers } : {}) });
      // A pool that failed to start is tried again by the next photo, not kept as a failure.
      started.catch(() => {
        if (this.photoPool === started) this.photoPool = undefined;
      });
      this.photoPool = started;
    }
    return this.photoPool;
  }

  /** Worker threads, one per core, started on the first bulk call and kept until endBulk. */
  async embedMany(photos: Uint8Array[]): Promise<Map<string, Float32Array>[]> {
    this.pool ??= createEmbedPool({ backbone: this.backbone });
    const pool = await this.pool;
    const [plain, mirrored] = await Promise.all([pool.embed(photos), this.mirror ? pool.embed(photos, { flip: true }) : Promise.resolve(undefined)]);
    return plain.map((features, index) => {
      const views = new Map([['original', features]]);
      if (mirrored) views.set(MIRROR_VIEW, mirrored[index]!);
      return views;
    });
  }

  async endBulk(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool?.catch(() => undefined))?.close();
  }

  predict(head: HeadWeights, views: Float32Array[]): LabelProbability[] {
    const perView = views.map((view) => predictHead(head, [view]));
    return rankClasses(head.labels, averageProbabilities(perView)[0]!);
  }

  async imagenetTop(bytes: Uint8Array, k: number): Promise<LabelProbability[]> {
    return (await this.network.inspect(await decodePhoto(bytes), k)).imagenet;
  }

  imagenetFromFeatures(features: Float32Array, k: number): LabelProbability[] | undefined {
    return imagenetTopFromFeatures(this.network, features, k);
  }

  topLogit(head: HeadWeights, features: Float32Array): number {
    return Math.max(...headLogits(head, features));
  }

  async activationPng(head: HeadWeights, bytes: Uint8Array, label: string): Promise<{ png: Uint8Array; logit: number; backbones: string[] }> {
    const photo = await decodePhoto(bytes);
    const classIndex = head.labels.indexOf(label);
    const maps = classActivationMaps(await this.network.featureMaps(photo), head, classIndex);
    const logit = logitFromMaps(maps, head, classIndex);
    const caption = `${label}: logit ${logit.toFixed(2)} = sum of map means + bias ${head.bias[classIndex]!.toFixed(2)}`;
    const png = await renderActivationPng(photo, this.network.members, maps, caption);
    return { png, logit, backbones: maps.map((m) => m.backbone) };
  }

  async trace(head: HeadWeights): Promise<TensorTrace> {
    return tensorTrace(this.network, head);
  }

  /** Each photo's views share a group, so the validation split never scores a mirror of a training photo. */
  async train(examples: TrainingExample[], labels: string[], onEpoch: (report: EpochReport) => Promise<void>): Promise<TrainedHead> {
    const headExamples: HeadExample[] = examples.flatMap((example, index) =>
      example.views.map((features, view) => ({ features, label: labels.indexOf(example.label), group: `#${index}`, augmented: view > 0 })),
    );
    const { folds = DEFAULT_FOLDS, validationSplit, ...rest } = this.options.training ?? {};
    const training = { ...rest, l2: this.l2 };
    if (folds > 1 && smallestClass(examples) >= folds * MIN_PHOTOS_PER_FOLD) {
      const ensemble = await trainFoldEnsemble(headExamples, {
        backbone: this.backbone,
        labels,
        ...training,
        folds,
        onEpoch: (fold, report) => onEpoch({ ...report, head: fold + 1, heads: folds }),
      });
      // Every photo scored by the member head that never trained on it: the honest figure.
      return { weights: ensemble.weights, metrics: ensemble.outOfFold, evaluatedOn: 'validation' };
    }
    const trained = await trainHead(headExamples, {
      backbone: this.backbone,
      labels,
      ...training,
      ...(validationSplit === undefined ? {} : { validationSplit }),
      onEpoch,
    });
    const originals = headExamples.filter((example) => !example.augmented);
    if (trained.validation) return { weights: trained.weights, metrics: trained.validation, evaluatedOn: 'validation' };
    return { weights: trained.weights, metrics: evaluateHead(trained.weights, originals), evaluatedOn: 'training' };
  }

  confusionPng(metrics: Metrics): Promise<Uint8Array> {
    return this.options.renderConfusion(metrics);
  }

  async close(): Promise<void> {
    await this.endBulk();
    const photoPool = this.photoPool;
    this.photoPool = undefined;
    await (await photoPool?.catch(() => undefined))?.close();
    this.network.dispose();
  }
}
