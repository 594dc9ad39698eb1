// npm run train -- --data <folder-per-class dir> [--backbone name] [--out file] [--seed n]
// Embeds the photos (cached in data/embedding-cache), trains the Dense head with a validation
// split taken from these photos only, and writes the head JSON plus <out>.metrics.json beside it.
import path from 'node:path';
import {
  DEFAULT_HEAD_BACKBONE,
  BACKBONE_NAMES,
  DEFAULT_HEAD_OPTIONS,
  isBackboneOrCombination,
  compactHeadWeights,
  defaultHeadPath,
  trainHead,
  writeJsonFile,
} from '../src/classifier/pipeline/index.ts';
import { parseFlags, readDataset } from './lib/dataset.ts';
import { runMain } from './lib/run-main.ts';
import { TRAIN_VIEWS, trainingExamples } from './lib/training-set.ts';

await runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const dataDir = flags.get('data');
  if (!dataDir) {
    console.error('usage: npm run train -- --data <folder-per-class dir> [--backbone name] [--out file] [--seed n] [--l2 x]');
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
    l2: Number(flags.get('l2') ?? DEFAULT_HEAD_OPTIONS.l2),
    learningRate: Number(flags.get('lr') ?? DEFAULT_HEAD_OPTIONS.learningRate),
  };

  const dataset = await readDataset(path.resolve(dataDir));
  console.log(`${dataset.items.length} photos in ${dataset.labels.length} classes from ${dataset.dir}; backbone ${backbone}`);
  const started = performance.now();
  const { examples, fingerprint } = await trainingExamples(dataset, backbone, TRAIN_VIEWS, (line) => console.log(line));
  const embedded = performance.now();
  console.log(`embeddings ready in ${((embedded - started) / 1000).toFixed(1)} s (${examples.length} examples, ${TRAIN_VIEWS.length} views)`);

  const trained = await trainHead(examples, {
    backbone,
    labels: dataset.labels,
    ...options,
    onEpoch: (r) => {
      if (r.epoch % 10 === 0 || r.epoch === 1) {
        console.log(`epoch ${r.epoch}: loss ${r.loss.toFixed(4)} acc ${(r.accuracy * 100).toFixed(1)}% val_loss ${r.valLoss?.toFixed(4)} val_acc ${((r.valAccuracy ?? 0) * 100).toFixed(1)}%`);
      }
    },
  });
  const trainSeconds = (performance.now() - embedded) / 1000;
  console.log(`head trained in ${trainSeconds.toFixed(1)} s; best epoch ${trained.bestEpoch} of ${trained.history.length}; validation accuracy ${((trained.validation?.accuracy ?? 0) * 100).toFixed(1)}% on ${trained.validationExamples} held-out training photos`);

  await writeJsonFile(out, compactHeadWeights(trained.weights));
  await writeJsonFile(out.replace(/\.json$/, '') + '.metrics.json', {
    backbone,
    labels: dataset.labels,
    trainingData: { folder: path.relative(process.cwd(), dataset.dir), photos: dataset.items.length, fingerprint },
    views: TRAIN_VIEWS,
    options: { ...DEFAULT_HEAD_OPTIONS, ...options },
    bestEpoch: trained.bestEpoch,
    trainExamples: trained.trainExamples,
    validationExamples: trained.validationExamples,
    validation: trained.validation,
    history: trained.history,
  });
  console.log(`wrote ${out} and its .metrics.json`);
});
