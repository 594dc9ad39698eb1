// Registry rows as the plain data the ClassifierService hands out.
import type { StoredJob, StoredVersion } from '../ports.ts';
import type { ModelSummary, TrainingJobSummary } from './types.ts';

/** `activeId`: the version the asking class predicts with (default: the deployment's default). */
export function modelSummary(version: StoredVersion, activeId?: number): ModelSummary {
  return {
    version: version.version,
    backbone: version.backbone,
    labels: version.labels,
    accuracy: version.metrics.accuracy,
    examples: version.metrics.examples,
    dataFingerprint: version.dataFingerprint,
    trainedBy: version.trainedBy,
    createdAt: version.createdAt.toISOString(),
    active: activeId === undefined ? version.active : version.id === activeId,
    own: version.classroomId !== null,
    discarded: version.discarded,
  };
}

/** `abandoned`: the open job's process stopped; it is shown as interrupted, with what happens next. */
export function jobSummary(job: StoredJob, abandoned?: 'resume' | 'fail'): TrainingJobSummary {
  return {
    id: job.id,
    state: abandoned ? 'interrupted' : job.state,
    ...(abandoned ? { next: abandoned } : {}),
    requestedBy: job.requestedBy,
    ...(job.requestedByMemberId === null ? {} : { requestedByMemberId: job.requestedByMemberId }),
    createdAt: job.createdAt.toISOString(),
    ...(job.progress ? { progress: job.progress } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}
