// Prisma repositories for the classifier's tables.
import type { ClassifierStores } from '../../classifier/ports.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { CorrectionRepository } from './corrections.ts';
import { EmbeddingRepository } from './embeddings.ts';
import { ExampleRepository } from './examples.ts';
import { PhotoChannelRepository } from './photo-channels.ts';
import { PredictionRepository } from './predictions.ts';
import { RegistryRepository } from './registry.ts';
import { TrainingJobRepository } from './training-jobs.ts';
import { PrismaRateLimits } from '../repositories/rate-limits.ts';

export {
  CorrectionRepository,
  EmbeddingRepository,
  ExampleRepository,
  PhotoChannelRepository,
  PredictionRepository,
  RegistryRepository,
  TrainingJobRepository,
};
export { ORIGINAL_VIEW } from './embeddings.ts';
export type { Decision, DecisionResult, QueuedCorrection } from './corrections.ts';
export type { LabelledImage } from './examples.ts';
export type { StoredPrediction } from './predictions.ts';
export type { StoredVersion } from './registry.ts';
export type { Beat, StoredJob } from './training-jobs.ts';

/** The classifier's stores over one Prisma client. */
export function classifierRepositories(prisma: PrismaClient): ClassifierStores {
  return {
    embeddings: new EmbeddingRepository(prisma),
    examples: new ExampleRepository(prisma),
    corrections: new CorrectionRepository(prisma),
    registry: new RegistryRepository(prisma),
    predictions: new PredictionRepository(prisma),
    jobs: new TrainingJobRepository(prisma),
    photoChannels: new PhotoChannelRepository(prisma),
    rateLimits: new PrismaRateLimits(prisma),
  };
}
