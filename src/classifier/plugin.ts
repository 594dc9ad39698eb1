// The classifier as a classroom plugin: /predict, /model, /foodvision, the photo-channel
// listener, and the services they use. Which classifier runs (in process, or the HTTP service at
// CLASSIFIER_URL) is decided here once; the commands can't tell the difference.
import { availableParallelism } from 'node:os';
import { foodvisionCommand } from '../../commands/foodvision.ts';
import { modelCommand } from '../../commands/model.ts';
import { photoChannelListener } from '../../commands/classify-photo.ts';
import { predictCommand } from '../../commands/predict.ts';
import type { ClassroomPlugin } from '../app/classroom.ts';
import type { Database } from '../db/client.ts';
import { CorrectionRepository, PhotoChannelRepository, RegistryRepository, TrainingJobRepository } from '../db/classifier/index.ts';
import { PrismaRosterRepository } from '../db/repositories/roster.ts';
import { CorrectionReviewService } from './service/correction-review.ts';
import { TrainingControl } from './service/training-control.ts';
import type { FoodvisionServices } from './service/context.ts';
import { createClassifier } from './service/create.ts';
import { MovingAverage, PhotoQueue } from './service/photo-queue.ts';
import { readClassifierSettings, type ClassifierSettings, type PhotoQueueSettings } from './service/settings.ts';
import type { ClassifierService } from './service/types.ts';

export interface ClassifierPluginOptions {
  database: Pick<Database, 'prisma'>;
  /** CLASSIFIER_URL: use the HTTP service there instead of running the classifier in this process. */
  url?: string;
  /** An already built classifier (tests, or a host that shares one). */
  classifier?: ClassifierService;
  settings?: Partial<ClassifierSettings>;
  /** An already built photo queue (tests: small bounds, a fixed estimate). */
  photoQueue?: PhotoQueue;
  log?: (line: string) => void;
}

export interface ClassifierPlugin extends ClassroomPlugin {
  classifier: ClassifierService;
  photoQueue: PhotoQueue;
  /**
   * Call first when the bot stops, with the time it will wait for acknowledged work: photos still
   * in line when that runs out are told to post again instead of being cut off unanswered.
   */
  stopTakingPhotos(graceMs: number): void;
  close(): Promise<void>;
}

export const classifierCommands = [predictCommand, modelCommand, foodvisionCommand];

/** Photos behind CLASSIFIER_URL run on the service's machines, which queue them again (503 past their bound). */
const REMOTE_CONCURRENCY = 4;
/** The first guess of one photo's time (a fresh photo through MobileNet on 2 cores), until photos are timed. */
const FIRST_SERVICE_ESTIMATE_MS = 1_000;

export function createPhotoQueue(settings: PhotoQueueSettings, remote: boolean): PhotoQueue {
  return new PhotoQueue({
    ...settings,
    concurrency: settings.concurrency ?? (remote ? REMOTE_CONCURRENCY : availableParallelism()),
    estimate: new MovingAverage(FIRST_SERVICE_ESTIMATE_MS),
  });
}

export async function classifierPlugin(options: ClassifierPluginOptions): Promise<ClassifierPlugin> {
  const settings = { ...readClassifierSettings(), ...options.settings };
  const classifier =
    options.classifier ??
    createClassifier({
      ...settings,
      prisma: options.database.prisma,
      ...(options.url ? { url: options.url } : {}),
      ...(process.env.CLASSIFIER_TOKEN ? { token: process.env.CLASSIFIER_TOKEN } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  const photoQueue = options.photoQueue ?? createPhotoQueue(settings.photoQueue, Boolean(options.url));
  const { prisma } = options.database;
  const roster = new PrismaRosterRepository(prisma);
  const services: FoodvisionServices = {
    classifier,
    photoQueue,
    photoChannels: new PhotoChannelRepository(prisma),
    corrections: new CorrectionReviewService(new CorrectionRepository(prisma), roster),
    training: new TrainingControl(new TrainingJobRepository(prisma), new RegistryRepository(prisma), roster),
    maxPhotoBytes: settings.maxPhotoBytes,
  };
  return {
    commands: classifierCommands,
    listeners: [photoChannelListener],
    services: { foodvision: services },
    classifier,
    photoQueue,
    stopTakingPhotos: (graceMs) => photoQueue.stopTaking(graceMs),
    close: async () => {
      photoQueue.stopTaking(0);
      await classifier.close();
    },
  };
}
