// npm run evaluate -- --data <folder-per-class dir> [--head file] [--out dir] [--flip | --no-flip] [--record]
// Scores a head on photos it never saw: accuracy, per-class precision/recall, confusion matrix,
// with test-time flip averaging when the head's recipe uses mirror images (--flip, --no-flip override). Writes the confusion matrix and the training
// curve (from the head's .metrics.json; one per member head of a fold ensemble) as PNG into --out
// (default bench-out/, git-ignored).
// --record also writes the figures beside the head (<head>.evaluation.json), to commit with it.
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  PLAIN_VIEW,
  TEST_TIME_VIEWS,
  argmax,
  besideHead,
  averageProbabilities,
  computeMetrics,
  defaultHeadPath,
  headLogits,
  imagenetTopFromFeatures,
  judgeNotMine,
  loadBackbone,
  type NotMineRule,
  loadHeadFile,
  predictHead,
  recipeFor,
  renderConfusionPng,
  renderTrainingCurvePng,
  writeJsonFile,
} from '../src/classifier/pipeline/index.ts';
import type { HeadWeights, Metrics } from '../src/classifier/types.ts';
import { parseFlags, readDataset } from './lib/dataset.ts';
import { runMain } from './lib/run-main.ts';
import { embedDataset } from './lib/embed-dataset.ts';

await runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const dataDir = flags.get('data');
  if (!dataDir) {
    console.error('usage: npm run evaluate -- --data <folder-per-class dir> [--head file] [--out dir] [--no-flip]');
    process.exit(2);
  }
  const headFile = path.resolve(flags.get('head') ?? defaultHeadPath());
  const outDir = path.resolve(flags.get('out') ?? 'bench-out');
  const head = await loadHeadFile(headFile);
  const mirror = flags.has('no-flip') ? false : flags.has('flip') || recipeFor(head.backbone).mirror;
  const views = mirror ? TEST_TIME_VIEWS : [PLAIN_VIEW];
  const dataset = await readDataset(path.resolve(dataDir));
  const missing = dataset.labels.filter((l) => !head.labels.includes(l));
  if (missing.length > 0) throw new Error(`The head knows no class ${missing.join(', ')} (it has ${head.labels.join(', ')})`);

  const { features } = await embedDataset(dataset, head.backbone, views, (line) => console.log(line));
  const probabilities = averageProbabilities(features.map((perItem) => predictHead(head, perItem)));
  const actual = dataset.items.map((item) => head.labels.indexOf(dataset.labels[item.label]!));
  const metrics = computeMetrics(actual, probabilities.map(argmax), head.labels);

  function report(m: Metrics): string {
    const pad = Math.max(...m.labels.map((l) => l.length));
    const pct = (v: number) => `${(v * 100).toFixed(1).padStart(5)}%`;
    const lines = [
      `head ${path.relative(process.cwd(), headFile)} (backbone ${head.backbone}) on ${m.examples} photos from ${dataset.dir}` +
        `${views.length > 1 ? ', averaging each photo with its mirror image' : ''}`,
      `top-1 accuracy: ${(m.accuracy * 100).toFixed(2)}% (${Math.round(m.accuracy * m.examples)} of ${m.examples})`,
      '',
      `${'class'.padEnd(pad)}  precision  recall  photos`,
      ...m.perClass.map((c) => `${c.label.padEnd(pad)}  ${pct(c.precision)}     ${pct(c.recall)}  ${String(c.support).padStart(6)}`),
      '',
      'confusion matrix (rows: actual, columns: predicted, in the order above)',
      ...m.confusion.map((row, i) => `${m.labels[i]!.padEnd(pad)}  ${row.map((v) => String(v).padStart(4)).join('')}`),
    ];
    return lines.join('\n');
  }

  console.log(report(metrics));
  const notMine = await judgeNotMineOn(headFile, head, features[0]!, probabilities.map(argmax), actual);
  if (notMine) console.log(`\n${notMine.line}`);
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'confusion-matrix.png'), await renderConfusionPng(metrics, `${path.basename(dataset.dir)} — ${head.backbone}`));
  await writeFile(path.join(outDir, 'evaluation.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  const metricsFile = besideHead(headFile, 'metrics');
  type Curve = Parameters<typeof renderTrainingCurvePng>[0];
  const trainingRecord = await readFile(metricsFile, 'utf8').then(
    (t) => JSON.parse(t) as { history?: Curve; members?: { fold: number; history: Curve }[] },
    () => undefined,
  );
  // A single head has one curve; a fold ensemble has one per member head, each stopped on its own fold.
  const curves = trainingRecord?.history
    ? [{ file: 'training-curve.png', history: trainingRecord.history, title: `Training the head on ${head.backbone}` }]
    : (trainingRecord?.members ?? []).map((m, i, all) => ({
        file: `training-curve-fold${i + 1}.png`,
        history: m.history,
        title: `Training the head on ${head.backbone}: fold ${i + 1} of ${all.length}`,
      }));
  for (const curve of curves) await writeFile(path.join(outDir, curve.file), await renderTrainingCurvePng(curve.history, curve.title));
  if (flags.has('record')) {
    const record = besideHead(headFile, 'evaluation');
    await writeJsonFile(record, {
      data: path.relative(process.cwd(), dataset.dir),
      testTimeViews: views,
      metrics,
      ...(notMine ? { notMine: notMine.record } : {}),
    });
    console.log(`recorded ${path.relative(process.cwd(), record)}`);
  }
  console.log(`\nwrote ${path.relative(process.cwd(), outDir)}/confusion-matrix.png, ${curves.map((c) => `${c.file}, `).join('')}and evaluation.json`);
});

/**
 * The head's "not one of mine" rule (beside the head, when there is one) on these photos, all of
 * them the head's own classes: how many it would turn away, and how many of those the head had right.
 */
async function judgeNotMineOn(headFile: string, head: HeadWeights, plain: Float32Array[], predicted: number[], actual: number[]) {
  const ruleFile = besideHead(headFile, 'not-mine');
  if (!existsSync(ruleFile)) return undefined;
  const rule = JSON.parse(await readFile(ruleFile, 'utf8')) as NotMineRule;
  const network = await loadBackbone(head.backbone);
  try {
    const turnedAway = plain.map(
      (features) => judgeNotMine(rule, imagenetTopFromFeatures(network, features, 1)?.[0], Math.max(...headLogits(head, features))) !== undefined,
    );
    const away = turnedAway.filter(Boolean).length;
    const rightButAway = turnedAway.filter((t, i) => t && predicted[i] === actual[i]).length;
    const record = { photos: plain.length, turnedAway: away, turnedAwayThoughRight: rightButAway };
    const line =
      `"not one of mine" (${path.basename(ruleFile)}): turns away ${away} of ${plain.length} photos of its own classes ` +
      `(${((100 * away) / plain.length).toFixed(1)}%), ${rightButAway} of which the head had right`;
    return { line, record };
  } finally {
    network.dispose();
  }
}
