import type { Metrics } from '../types.ts';

/** Accuracy, per-class precision and recall, and confusion[actual][predicted] over label indices. */
export function computeMetrics(actual: readonly number[], predicted: readonly number[], labels: readonly string[]): Metrics {
  if (actual.length !== predicted.length) throw new Error('actual and predicted differ in length');
  const confusion = labels.map(() => labels.map(() => 0));
  actual.forEach((a, i) => {
    confusion[a]![predicted[i]!]! += 1;
  });
  const correct = labels.reduce((n, _, c) => n + confusion[c]![c]!, 0);
  const perClass = labels.map((label, c) => {
    const support = confusion[c]!.reduce((n, v) => n + v, 0);
    const predictedAs = confusion.reduce((n, row) => n + row[c]!, 0);
    return {
      label,
      precision: predictedAs === 0 ? 0 : confusion[c]![c]! / predictedAs,
      recall: support === 0 ? 0 : confusion[c]![c]! / support,
      support,
    };
  });
  return { accuracy: actual.length === 0 ? 0 : correct / actual.length, perClass, confusion, labels: [...labels], examples: actual.length };
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
