import { createHash } from 'node:crypto';
import type { TrainingExample, View } from '../../src/classifier/pipeline/index.ts';
import { PLAIN_VIEW } from '../../src/classifier/pipeline/index.ts';
import type { Dataset } from './dataset.ts';
import { embedDataset } from './embed-dataset.ts';

/** Views embedded for training: the photo itself first, then its augmentations. */
export const TRAIN_VIEWS: readonly View[] = [PLAIN_VIEW, { flip: true }];

/**
 * A dataset as training examples: every photo's plain view, plus each augmented view marked as
 * such (trained on, never validated on), all grouped by photo sha256.
 */
export async function trainingExamples(dataset: Dataset, backbone: string, views: readonly View[], log?: (line: string) => void) {
  const { shas, features } = await embedDataset(dataset, backbone, views, log);
  const examples: TrainingExample[] = features.flatMap((perItem, v) =>
    perItem.map((f, i) => ({ features: f, label: dataset.items[i]!.label, group: shas[i]!, augmented: v > 0 })),
  );
  return { examples, shas, fingerprint: fingerprint(dataset, shas) };
}

/** Which photos with which labels: the same folder contents give the same fingerprint anywhere. */
export function fingerprint(dataset: Dataset, shas: readonly string[]): string {
  const lines = dataset.items.map((item, i) => `${shas[i]} ${dataset.labels[item.label]}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
