// npm run choose:not-mine -- [--head models/heads/default.json] [--train <dir>] [--other <dir>] [--budget 0.02]
// Chooses the "not one of mine" rule (src/classifier/pipeline/not-mine.ts) for a head and writes it
// beside the head (<head>.not-mine.json). Chosen on:
// - the head's own training photos, each scored by a fold head that never trained on it (the
//   shipped recipe's folds): how often one of the seven would be turned away;
// - the first half (by file name) of each dish in --other: how often another dish is caught.
// Among all rules that turn away at most --budget of the training photos, the one that catches the
// most of that half wins. The other half of --other is only scored after the choice, and reported.
// The test split is not read here (`npm run evaluate` reports the rule on it, once).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  PLAIN_VIEW,
  backboneMembers,
  besideHead,
  defaultHeadPath,
  familiarLabels,
  headLogits,
  imagenetTopFromFeatures,
  judgeNotMine,
  loadBackbone,
  loadHeadFile,
  writeJsonFile,
  type NotMineRule,
} from '../src/classifier/pipeline/index.ts';
import type { LabelProbability } from '../src/classifier/types.ts';
import { crossValidate } from './lib/cross-validate.ts';
import { parseFlags, readDataset, type Dataset } from './lib/dataset.ts';
import { embedDataset } from './lib/embed-dataset.ts';
import { runMain } from './lib/run-main.ts';

interface Scored {
  imagenet: LabelProbability;
  topLogit: number;
}

const MIN_COUNTS = [1, 2, 3, 5, 8, 13];
const IMAGENET_PROBABILITIES = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, Number.POSITIVE_INFINITY];
/** Top-logit thresholds, as shares of the training photos (out of fold) that fall below them. */
const LOGIT_QUANTILES = [undefined, 0.005, 0.01, 0.02, 0.03];

const share = (judged: readonly boolean[]) => judged.filter(Boolean).length / Math.max(1, judged.length);
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

await runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const headFile = path.resolve(flags.get('head') ?? defaultHeadPath());
  const budget = Number(flags.get('budget') ?? 0.02);
  const head = await loadHeadFile(headFile);
  const recipe = JSON.parse(await readFile(besideHead(headFile, 'metrics'), 'utf8')) as {
    options: { l2: number; folds: number };
    views: { flip?: boolean }[];
    trainingData: { folder: string };
  };
  const train = await readDataset(path.resolve(flags.get('train') ?? recipe.trainingData.folder));
  if (train.dir.split(path.sep).includes('test')) throw new Error('The rule is chosen on the training split only');
  const other = await readDataset(path.resolve(flags.get('other') ?? '../shared/datasets/other-dishes'));
  const network = await loadBackbone(head.backbone);
  const imagenetBackbone = backboneMembers(head.backbone)[0]!;
  const imagenetTop = (features: Float32Array): LabelProbability => {
    const top = imagenetTopFromFeatures(network, features, 1)?.[0];
    if (!top) throw new Error(`${imagenetBackbone} has no ImageNet classifier to ask`);
    return top;
  };

  // The seven, out of fold: the shipped recipe's own folds, seed and L2.
  const trainFlips = recipe.views.some((v) => v.flip);
  const views = trainFlips ? [PLAIN_VIEW, { flip: true }] : [PLAIN_VIEW];
  const embeddedTrain = await embedDataset(train, head.backbone, views, (line) => console.log(line));
  const photos = train.items.map((item, i) => ({
    label: head.labels.indexOf(train.labels[item.label]!),
    group: embeddedTrain.shas[i]!,
    plain: embeddedTrain.features[0]![i]!,
    ...(trainFlips ? { mirrored: embeddedTrain.features[1]![i]! } : {}),
  }));
  const { logits } = await crossValidate({
    backbone: head.backbone,
    labels: head.labels,
    photos,
    trainFlips,
    l2: recipe.options.l2,
    folds: recipe.options.folds,
  });
  const seven: Scored[] = photos.map((p, i) => ({ imagenet: imagenetTop(p.plain), topLogit: Math.max(...logits[i]!.plain) }));

  // Other dishes, by the shipped head itself (it never saw them): first half chooses, second reports.
  const embeddedOther = await embedDataset(other, head.backbone, [PLAIN_VIEW], (line) => console.log(line));
  const half = halves(other);
  const others = other.items.map((_, i) => {
    const features = embeddedOther.features[0]![i]!;
    return { dish: other.labels[other.items[i]!.label]!, choose: half[i]!, imagenet: imagenetTop(features), topLogit: Math.max(...headLogits(head, features)) };
  });
  const choosing = others.filter((o) => o.choose);
  const reporting = others.filter((o) => !o.choose);

  const sortedLogits = seven.map((s) => s.topLogit).sort((a, b) => a - b);
  const judge = (rule: NotMineRule, s: Scored) => judgeNotMine(rule, s.imagenet, s.topLogit) !== undefined;
  let best: { rule: NotMineRule; minCount: number; turnedAway: number; caught: number } | undefined;
  for (const minCount of MIN_COUNTS) {
    const familiarImagenet = familiarLabels(
      seven.map((s) => s.imagenet.label),
      minCount,
    );
    for (const minImagenetProbability of IMAGENET_PROBABILITIES) {
      for (const q of LOGIT_QUANTILES) {
        const rule: NotMineRule = {
          imagenetBackbone,
          familiarImagenet,
          minImagenetProbability,
          ...(q === undefined ? {} : { minTopLogit: sortedLogits[Math.floor(q * sortedLogits.length)]! }),
        };
        const turnedAway = share(seven.map((s) => judge(rule, s)));
        const caught = share(choosing.map((o) => judge(rule, o)));
        if (turnedAway > budget) continue;
        if (!best || caught > best.caught || (caught === best.caught && turnedAway < best.turnedAway)) best = { rule, minCount, turnedAway, caught };
      }
    }
  }
  if (!best || best.caught === 0) throw new Error(`No rule catches another dish while turning away at most ${pct(budget)} of the training photos`);

  const { rule } = best;
  const reported = reporting.map((o) => judge(rule, o));
  const byDish = other.labels.map((dish) => {
    const mine = reporting.filter((o) => o.dish === dish);
    return `${dish} ${mine.filter((o) => judge(rule, o)).length}/${mine.length}`;
  });
  console.log(
    [
      `rule: ImageNet top-1 at least ${rule.minImagenetProbability} sure, of a label that is the top guess of ${best.minCount === 1 ? 'no training photo' : `fewer than ${best.minCount} training photos`}` +
        `${rule.minTopLogit === undefined ? '' : `, or the head's top logit below ${rule.minTopLogit.toFixed(3)}`}` +
        ` (${rule.familiarImagenet.length} familiar ImageNet labels)`,
      `chosen on: ${train.items.length} training photos out of fold, turned away ${pct(best.turnedAway)}; ${choosing.length} other-dish photos, caught ${pct(best.caught)}`,
      `reported on the other ${reporting.length} other-dish photos: caught ${pct(share(reported))} (${byDish.join(', ')})`,
    ].join('\n'),
  );
  const out = besideHead(headFile, 'not-mine');
  await writeJsonFile(out, {
    ...rule,
    chosenOn: {
      budget,
      familiarMinCount: best.minCount,
      trainingPhotosTurnedAway: best.turnedAway,
      otherDishesCaught: { choosing: best.caught, reporting: share(reported), photos: { choosing: choosing.length, reporting: reporting.length } },
    },
  });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  network.dispose();
});

/** Whether each photo is in the choosing half: the first half of each dish's files, by name. */
function halves(dataset: Dataset): boolean[] {
  const seen = new Map<number, number>();
  const total = new Map<number, number>();
  for (const item of dataset.items) total.set(item.label, (total.get(item.label) ?? 0) + 1);
  return dataset.items.map((item) => {
    const index = seen.get(item.label) ?? 0;
    seen.set(item.label, index + 1);
    return index < Math.ceil(total.get(item.label)! / 2);
  });
}
