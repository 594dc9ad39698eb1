/**
 * The classifier's ML pipeline: everything from photo bytes to class probabilities, and training
 * the head. The service (src/classifier/service) builds the cache, registry and commands on this.
 *
 * Typical use:
 *   const head = await loadHeadFile(defaultHeadPath());              // the shipped 7-class head
 *   const backbone = await loadBackbone(head.backbone);              // checks files, picks the tfjs backend
 *     (the shipped head's backbone is the combination "mobilenet_v1_0.75_224+darknet_tiny", 1,280
 *      features; any backbone name may be a "+" combination, loaded and embedded as one)
 *   const photo = await decodePhoto(bytes);                          // UserError on bad input
 *   const result = await classifyPhoto(backbone, head, photo);       // classes, ImageNet top-3, tensor trace
 *
 * Training (embeddings usually come from the cache; `embed` gives plain-view features):
 *   const [features] = await backbone.embed([photo]);
 *   const trained = await trainHead(examples, { backbone: backbone.name, labels, onEpoch });
 *   trained.weights  → HeadWeights (plain JSON), trained.validation → Metrics, trained.history → EpochReport[]
 *   evaluateHead(weights, examples) → Metrics; renderConfusionPng(metrics) → PNG bytes.
 */

// Backbones: the registry, pulling and verifying files, loading and embedding.
export type { BackboneSpec } from './manifest.ts';
export {
  BACKBONE_NAMES,
  DEFAULT_BACKBONE,
  DEFAULT_HEAD_BACKBONE,
  backboneMembers,
  isBackboneName,
  isBackboneOrCombination,
  loadManifest,
} from './manifest.ts';
export type { PullOptions, PullResult } from './pull.ts';
export { ModelFilesError, pullBackbone, readBackboneFiles, sha256 } from './pull.ts';
export type { Backbone, BackboneView, SingleBackbone } from './backbone.ts';
export { concatFeatures, loadBackbone, loadSingleBackbone } from './backbone.ts';
export type { BackendChoice, BackendInfo } from './backend.ts';
export { BACKEND_CHOICES, initBackend } from './backend.ts';
export { defaultHeadPath, modelsDir, projectRoot, weightsDir } from './paths.ts';

// Photos: checks, decoding, per-backbone crop/resize/scaling, augmentation views.
export type { Photo, PhotoLimits, View } from './preprocess.ts';
export { DEFAULT_PHOTO_LIMITS, PLAIN_VIEW, backboneInput, decodePhoto } from './preprocess.ts';

// The head: Dense(features → classes) + softmax, trained with Adam on embeddings.
export type { HeadTrainingOptions, TrainedHead, TrainingExample } from './head.ts';
export {
  DEFAULT_HEAD_OPTIONS,
  averageProbabilities,
  createHeadModel,
  evaluateHead,
  exportHeadWeights,
  headParameterCount,
  importHeadWeights,
  predictHead,
  trainHead,
} from './head.ts';
// The shipped recipe: a cross-fitted fold ensemble of Dense heads, averaged into one head.
export type { FoldEnsembleMember, FoldEnsembleOptions, TrainedFoldEnsemble } from './head-ensemble.ts';
export { SHIPPED_RECIPE, recipeFor, type HeadRecipe } from './recipe.ts';
export { DEFAULT_FOLDS, assignFolds, averageHeadWeights, trainFoldEnsemble } from './head-ensemble.ts';
export { argmax, computeMetrics } from './metrics.ts';

// Class activation maps and "not one of mine".
export type { ActivationMap } from './activation-map.ts';
export { classActivationMaps, logitFromMaps, renderActivationPng } from './activation-map.ts';
export type { NotMineReason, NotMineRule } from './not-mine.ts';
export { familiarLabels, headLogits, judgeNotMine } from './not-mine.ts';
export type { FeatureMap } from './backbone.ts';

// Predictions.
export type { PhotoAnalysis } from './classify.ts';
export { TEST_TIME_VIEWS, classifyPhoto, imagenetTopFromFeatures, rankClasses, tensorTrace } from './classify.ts';

// Head files (the shipped default head is models/heads/default.json, its metrics beside it).
export { besideHead, compactHeadWeights, loadHeadFile, parseHeadWeights, writeJsonFile } from './head-file.ts';

// Bulk embedding on every core (worker threads, one backbone each).
export type { EmbedPool, EmbedPoolOptions } from './embed-pool.ts';
export { createEmbedPool } from './embed-pool.ts';

// Charts for the bots and `npm run evaluate` (SVG rasterised to PNG by sharp).
export { confusionSvg, renderConfusionPng, renderTrainingCurvePng, trainingCurveSvg } from './charts.ts';
