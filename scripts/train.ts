// npm run train -- --data <folder-per-class dir> [--backbone name] [--out file] [--seed n] [--l2 x] [--lr x] [--folds k] [--flips 0|1]
// Defaults: the shipped recipe (src/classifier/pipeline/recipe.ts) for its backbone.
// Embeds the photos (cached in data/embedding-cache) and trains the Dense head as a cross-fitted
// fold ensemble: k heads (default 5), each trained on k-1 folds of these photos and early-stopped
// on its own fold, averaged into one head. --folds 1 trains one head early-stopped on 15% instead.
// Writes the head JSON plus <out>.metrics.json beside it.
import path from 'node:path';
import {
  DEFAULT_HEAD_BACKBONE,
  BACKBONE_NAMES,
  DEFAULT_FOLDS,
  DEFAULT_HEAD_OPTIONS,
  isBackboneOrCombination,
  besideHead,
  compactHeadWeights,
  defaultHeadPath,
  trainFoldEnsemble,
  trainHead,
  recipeFor,
  writeJsonFile,
} from '../src/classifier/pipeline/index.ts';
import type { EpochReport, Metrics } from '../src/classifier/types.ts';
import { parseFlags, readDataset } from './lib/dataset.ts';
import { runMain } from './lib/run-main.ts';
import { TRAIN_VIEWS, trainingExamples } from './lib/training-set.ts';
import { PLAIN_VIEW } from '../src/classifier/pipeline/index.ts';

await runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const dataDir = flags.get('data');
  if (!dataDir) {
    console.error('usage: npm run train -- --data <folder-per-class dir> [--backbone name] [--out file] [--seed n] [--l2 x] [--lr x] [--folds k]');
    process.exit(2);
  }
  const backbone = flags.get('backbone') ?? DEFAULT_HEAD_BACKBONE;
  if (!isBackboneOrCombination(backbone)) {
    console.error(`unknown backbone "${backbone}": use one of ${BACKBONE_NAMES.join(', ')}, or several joined by "+"`);
    process.exit(2);
  }
  const out = path.resolve(flags.get('out') ?? defaultHeadPath());
  const options = {
    seed: Number(flags.get('seed') ?? DEFAULT_HEAD_OPTIONS.seed),
    l2: Number(flags.get('l2') ?? recipeFor(backbone).l2),
    learningRate: Number(flags.get('lr') ?? DEFAULT_HEAD_OPTIONS.learningRate),
  };

  const folds = Number(flags.get('folds') ?? DEFAULT_FOLDS);
  if (!Number.isInteger(folds) || folds < 1) {
    console.error(`--folds must be a whole number of at least 1 (got ${flags.get('folds')})`);
    process.exit(2);
  }

  // Mirror images as augmentation when the backbone's recipe says so (src/classifier/pipeline/recipe.ts); --flips 0|1 overrides.
  const mirror = flags.has('flips') ? flags.get('flips') !== '0' : recipeFor(backbone).mirror;
  const views = mirror ? TRAIN_VIEWS : [PLAIN_VIEW];
  const dataset = await readDataset(path.resolve(dataDir));
  console.log(`${dataset.items.length} photos in ${dataset.labels.length} classes from ${dataset.dir}; backbone ${backbone}`);
  const started = performance.now();
  const { examples, fingerprint } = await trainingExamples(dataset, backbone, views, (line) => console.log(line));
  const embedded = performance.now();
  console.log(`embeddings ready in ${((embedded - started) / 1000).toFixed(1)} s (${examples.length} examples, ${views.length} views)`);

  const logEpoch = (prefix: string) => (r: EpochReport) => {
    if (r.epoch % 10 === 0 || r.epoch === 1) {
      console.log(
        `${prefix}epoch ${r.epoch}: loss ${r.loss.toFixed(4)} acc ${(r.accuracy * 100).toFixed(1)}% val_loss ${r.valLoss?.toFixed(4)} val_acc ${((r.valAccuracy ?? 0) * 100).toFixed(1)}%`,
      );
    }
  };
  const percent = (m?: Metrics) => `${((m?.accuracy ?? 0) * 100).toFixed(1)}%`;
  const record = {
    backbone,
    labels: dataset.labels,
    trainingData: { folder: path.relative(process.cwd(), dataset.dir), photos: dataset.items.length, fingerprint },
    views,
  };

  if (folds === 1) {
    const trained = await trainHead(examples, { backbone, labels: dataset.labels, ...options, onEpoch: logEpoch('') });
    console.log(
      `head trained in ${((performance.now() - embedded) / 1000).toFixed(1)} s; best epoch ${trained.bestEpoch} of ${trained.history.length}; validation accuracy ${percent(trained.validation)} on ${trained.validationExamples} held-out training photos`,
    );
    await writeJsonFile(out, compactHeadWeights(trained.weights));
    await writeJsonFile(besideHead(out, 'metrics'), {
      ...record,
      recipe: 'one head, early-stopped on a held-out share of the photos',
      options: { ...DEFAULT_HEAD_OPTIONS, ...options, folds },
      bestEpoch: trained.bestEpoch,
      trainExamples: trained.trainExamples,
      validationExamples: trained.validationExamples,
      validation: trained.validation,
      history: trained.history,
    });
  } else {
    const { validationSplit: _unused, ...headOptions } = DEFAULT_HEAD_OPTIONS;
    const trained = await trainFoldEnsemble(examples, {
      backbone,
      labels: dataset.labels,
      ...options,
      folds,
      onEpoch: (fold, r) => logEpoch(`fold ${fold + 1}/${folds} `)(r),
    });
    for (const m of trained.members) {
      console.log(
        `fold ${m.fold + 1}/${folds}: best epoch ${m.bestEpoch} of ${m.history.length}; accuracy ${percent(m.validation)} on its ${m.heldOutPhotos} held-out photos (plain views)`,
      );
    }
    console.log(
      `${folds} heads trained in ${((performance.now() - embedded) / 1000).toFixed(1)} s and averaged into one; out-of-fold accuracy ${percent(trained.outOfFold)} (each photo${views.length > 1 ? ' and its mirror image' : ''} scored by the head that never saw it)`,
    );
    await writeJsonFile(out, compactHeadWeights(trained.weights));
    await writeJsonFile(besideHead(out, 'metrics'), {
      ...record,
      recipe: `cross-fitted fold ensemble: ${folds} heads, each trained on ${folds - 1} folds and early-stopped on its own, kernels and biases averaged`,
      options: { ...headOptions, ...options, folds },
      examples: trained.examples,
      // What the model registry shows as the head's validation metrics: every training photo (with
      // its mirror image) scored by the member head that held it out.
      validation: trained.outOfFold,
      validationIs: `out-of-fold: each photo scored by the head that held it out${views.length > 1 ? ', averaged with its mirror image' : ''}`,
      members: trained.members,
    });
  }
  console.log(`wrote ${out} and its .metrics.json`);
});
