// The activation gate: a class's new head replaces its active one only when it is at least as
// accurate on the same photos, the fixed evaluation set that no training reads (README, "Activate
// only when better"). Scoring needs only cached features and the head's weights.
import { computeMetrics } from '../pipeline/index.ts';
import type { StoredVersion } from '../ports.ts';
import type { HeadWeights, Metrics } from '../types.ts';
import type { PipelinePort } from './pipeline-port.ts';
import type { ModelComparison } from './types.ts';

export interface EvaluationPhoto {
  label: string;
  views: Float32Array[];
}

/** The head's accuracy, per-class recall and confusion matrix on the photos whose label it knows. */
export function scoreHead(pipeline: PipelinePort, head: HeadWeights, photos: EvaluationPhoto[]): Metrics {
  const { labels } = head;
  const known = photos.filter((photo) => labels.includes(photo.label));
  const actual = known.map((photo) => labels.indexOf(photo.label));
  const predicted = known.map((photo) => labels.indexOf(pipeline.predict(head, photo.views)[0]!.label));
  return computeMetrics(actual, predicted, labels);
}

const sameLabels = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Scores both heads on the same photos. An active head this pipeline can't run (another backbone)
 * or one for other dishes is no yardstick: the new head is then compared with nothing and goes
 * active, as it does in a class that had none. Without evaluation photos there is no evidence
 * either way, and the new head goes active too (the caller logs it).
 */
export function compareHeads(pipeline: PipelinePort, candidate: HeadWeights, active: StoredVersion | undefined, photos: EvaluationPhoto[]): ModelComparison {
  const candidateScore = { version: 0, metrics: scoreHead(pipeline, candidate, photos) };
  const comparable = active && active.backbone === pipeline.backbone && sameLabels(active.labels, candidate.labels) && photos.length > 0;
  if (!comparable) return { photos: photos.length, candidate: candidateScore, atLeastAsGood: true };
  const activeScore = { version: active.version, metrics: scoreHead(pipeline, active.weights, photos) };
  return {
    photos: photos.length,
    candidate: candidateScore,
    active: activeScore,
    atLeastAsGood: candidateScore.metrics.accuracy >= activeScore.metrics.accuracy,
  };
}
