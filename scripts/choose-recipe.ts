// npm run choose:recipe -- [--data <train dir>] [--folds 5] [--only <substring>] [--tta]
// Scores candidate head recipes by cross-validation on the training split only: for each recipe,
// k heads are each trained on k-1 folds (stratified by class, by photo) and early-stopped on their
// own fold, and every training photo is scored by the head that held it out. Embeddings come from
// data/embedding-cache (the first run embeds, later runs reuse). The test split is never read here:
// the shipped recipe is chosen from this table, and only then scored once on the test split
// (`npm run evaluate`). models/README.md records the table and the choice.
import path from 'node:path';
import { PLAIN_VIEW, type View } from '../src/classifier/pipeline/index.ts';
import { crossValidate, predictedClass } from './lib/cross-validate.ts';
import { parseFlags, readDataset } from './lib/dataset.ts';
import { embedDataset } from './lib/embed-dataset.ts';
import { runMain } from './lib/run-main.ts';

interface Recipe {
  backbone: string;
  /** Mirror images as training augmentation. */
  trainFlips: boolean;
  l2: number;
}

const MOBILENET = 'mobilenet_v1_0.75_224';
const B0 = 'efficientnet_b0';
const B0_320 = 'efficientnet_b0@320';
const B0_384 = 'efficientnet_b0@384';

// The candidates. Each is scored on plain views, and averaged with mirror images where they are
// embedded (recipes that train on them, or all with --tta).
const RECIPES: Recipe[] = [
  { backbone: MOBILENET, trainFlips: true, l2: 0.03 },
  { backbone: B0, trainFlips: false, l2: 0.003 },
  ...[0.03, 0.01, 0.003, 0.001].map((l2) => ({ backbone: B0_320, trainFlips: false, l2 })),
  { backbone: B0_320, trainFlips: true, l2: 0.003 },
  ...[0.003, 0.001].map((l2) => ({ backbone: B0_384, trainFlips: false, l2 })),
  { backbone: `${B0}+${B0_320}`, trainFlips: false, l2: 0.003 },
  { backbone: `${B0_320}+${MOBILENET}`, trainFlips: false, l2: 0.003 },
  { backbone: `${B0_320}+${MOBILENET}`, trainFlips: true, l2: 0.003 },
];

const FLIP: View = { flip: true };

await runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const dataset = await readDataset(path.resolve(flags.get('data') ?? '../shared/datasets/foodvision7/train'));
  if (dataset.dir.split(path.sep).includes('test')) throw new Error('Recipes are chosen on the training split only');
  const folds = Number(flags.get('folds') ?? 5);
  const only = flags.get('only');
  const tta = flags.has('tta');
  const describe = (r: Recipe) => `${r.backbone} flips=${r.trainFlips} l2=${r.l2}`;
  const recipes = RECIPES.filter((r) => !only || describe(r).includes(only));
  console.log(`${dataset.items.length} training photos, ${folds} folds, ${recipes.length} recipes`);

  const rows: string[] = [];
  for (const recipe of recipes) {
    // Mirror images are embedded for recipes that train on them, and for every recipe with --tta.
    const views = recipe.trainFlips || tta ? [PLAIN_VIEW, FLIP] : [PLAIN_VIEW];
    const { shas, features } = await embedDataset(dataset, recipe.backbone, views, (line) => console.log(line));
    const started = performance.now();
    const photos = dataset.items.map((item, i) => ({
      label: item.label,
      group: shas[i]!,
      plain: features[0]![i]!,
      ...(features[1] ? { mirrored: features[1][i]! } : {}),
    }));
    const { logits, heads } = await crossValidate({
      backbone: recipe.backbone,
      labels: dataset.labels,
      photos,
      trainFlips: recipe.trainFlips,
      l2: recipe.l2,
      folds,
    });
    const accuracy = (testFlips: boolean) => {
      if (testFlips && !features[1]) return '–';
      const right = photos.filter((p, i) => predictedClass(logits[i]!, testFlips) === p.label).length;
      return `${((100 * right) / photos.length).toFixed(1)}%`;
    };
    const epochs = heads.map((h) => h.bestEpoch).join(', ');
    const row = `| ${recipe.backbone} | ${recipe.trainFlips ? 'yes' : 'no'} | ${recipe.l2} | ${accuracy(false)} | ${accuracy(true)} | ${epochs} |`;
    console.log(`${row}  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    rows.push(row);
  }
  console.log('\n| backbone | train flips | L2 | out-of-fold accuracy | with test-time flips | best epochs |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
});
