// Registry rows as the plain data the ClassifierService hands out.
import type { StoredJob, StoredVersion } from '../../db/classifier/index.ts';
import type { ModelSummary, TrainingJobSummary } from './types.ts';

export function modelSummary(version: StoredVersion): ModelSummary {
  return {
    version: version.version,
    backbone: version.backbone,
    labels: version.labels,
    accuracy: version.metrics.accuracy,
    examples: version.metrics.examples,
    dataFingerprint: version.dataFingerprint,
    trainedBy: version.trainedBy,
    createdAt: version.createdAt.toISOString(),
    active: version.active,
  };
}

export function jobSummary(job: StoredJob): TrainingJobSummary {
  return {
    id: job.id,
    state: job.state,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt.toISOString(),
    ...(job.progress ? { progress: job.progress } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}
