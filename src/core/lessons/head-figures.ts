// The figures a lesson quotes about this bot's own classifier (backbone, feature size, head size,
// accuracy), read from the shipped head files when the lessons load, so the text always matches
// whatever head ships: a lesson writes `{{head.test.accuracy}}` and never types "86.2%".
// These are plain JSON files in models/ (see models/README.md); no classifier code is needed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LessonFigures = Readonly<Record<string, string>>;

/** The committed models folder: the head that ships is the one in the repository. */
export const SHIPPED_MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/** Figures that can't be read: the message names the file and what is missing in it. */
export class HeadFiguresError extends Error {
  override name = 'HeadFiguresError';
}

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

export async function readHeadFigures(modelsDir: string = SHIPPED_MODELS_DIR): Promise<LessonFigures> {
  const headsDir = join(modelsDir, 'heads');
  const head = await readJson(join(headsDir, 'default.json'));
  const metrics = await readJson(join(headsDir, 'default.metrics.json'));
  const evaluation = await readJson(join(headsDir, 'default.evaluation.json'));

  const backbone = need(head, 'backbone', 'string', 'default.json');
  const labels = need(head, 'labels', 'array', 'default.json') as string[];
  const features = need(head, 'featureSize', 'number', 'default.json');
  const classes = labels.length;
  const test = need(evaluation, 'metrics', 'object', 'default.evaluation.json');
  const testPhotos = need(test, 'examples', 'number', 'default.evaluation.json metrics');
  const testAccuracy = need(test, 'accuracy', 'number', 'default.evaluation.json metrics');
  const options = need(metrics, 'options', 'object', 'default.metrics.json');
  const mistake = commonestMistake(need(test, 'confusion', 'array', 'default.evaluation.json metrics') as number[][], labels);
  // A backbone named `a+b` is both networks' features side by side: each part's size comes from its
  // manifest. `name@320` is that network fed 320×320 photos, from the same folder.
  const parts = await Promise.all(
    backbone.split('+').map(async (name) => {
      const [base, size] = name.split('@') as [string, string | undefined];
      const manifest = await readJson(join(modelsDir, base, 'manifest.json'));
      return `${base}${size ? ` ${size}×${size}` : ''} (${count(need(manifest, 'featureSize', 'number', `${base}/manifest.json`))})`;
    }),
  );

  return {
    'head.backbone': backbone,
    'head.backbone.parts': parts.join(' + '),
    'head.features': String(features),
    'head.features.text': count(features),
    'head.classes': String(classes),
    'head.labels': labels.join(', '),
    'head.kernel.text': count(features * classes),
    'head.parameters': String(features * classes + classes),
    'head.parameters.text': count(features * classes + classes),
    'head.learning-rate': String(need(options, 'learningRate', 'number', 'default.metrics.json options')),
    'head.batch-size': String(need(options, 'batchSize', 'number', 'default.metrics.json options')),
    'head.train.photos': count(need(need(metrics, 'trainingData', 'object', 'default.metrics.json'), 'photos', 'number', 'default.metrics.json trainingData')),
    'head.validation.accuracy': percent(
      need(need(metrics, 'validation', 'object', 'default.metrics.json'), 'accuracy', 'number', 'default.metrics.json validation'),
    ),
    'head.test.accuracy': percent(testAccuracy),
    'head.test.photos': count(testPhotos),
    'head.test.correct': count(Math.round(testAccuracy * testPhotos)),
    'head.mistake.true': mistake.truth,
    'head.mistake.predicted': mistake.predicted,
    'head.mistake.count': count(mistake.count),
    'head.mistake.support': count(mistake.support),
  };
}

/** The largest cell off the diagonal of a confusion matrix (rows: the true class). */
function commonestMistake(confusion: number[][], labels: string[]): { truth: string; predicted: string; count: number; support: number } {
  let best = { truth: labels[0] ?? '?', predicted: labels[1] ?? '?', count: 0, support: 0 };
  confusion.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (i !== j && cell > best.count) {
        best = { truth: labels[i] ?? '?', predicted: labels[j] ?? '?', count: cell, support: row.reduce((a, b) => a + b, 0) };
      }
    }),
  );
  return best;
}

type Kind = 'string' | 'number' | 'array' | 'object';
type Of<K extends Kind> = K extends 'string' ? string : K extends 'number' ? number : K extends 'array' ? unknown[] : Record<string, unknown>;

function need<K extends Kind>(record: Record<string, unknown>, key: string, kind: K, where: string): Of<K> {
  const value = record[key];
  const ok =
    kind === 'array' ? Array.isArray(value) : kind === 'object' ? value !== null && typeof value === 'object' && !Array.isArray(value) : typeof value === kind;
  if (!ok || (kind === 'number' && !Number.isFinite(value))) throw new HeadFiguresError(`the shipped head's ${where} has no ${kind} "${key}"`);
  return value as Of<K>;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new HeadFiguresError(`the lesson quotes the shipped head, but ${file} can't be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch (error) {
    throw new HeadFiguresError(`${file} is not valid JSON (${(error as Error).message})`);
  }
}
