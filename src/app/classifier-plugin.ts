// The classifier as a classroom plugin: /predict, /model, /foodvision, the photo-channel
// listener, and the services they use. Which classifier runs (in process, or the HTTP service at
// CLASSIFIER_URL) is decided here once; the commands can't tell the difference.
import { availableParallelism } from 'node:os';
import { foodvisionCommand } from '../../commands/foodvision.ts';
import { modelCommand } from '../../commands/model.ts';
import { predictCommand } from '../../commands/predict.ts';
import type { ClassifierStores } from '../classifier/ports.ts';
import type { RosterRepository } from '../core/ports.ts';
import type { FoodvisionServices } from '../classifier/service/context.ts';
import { createClassifier } from '../classifier/service/create.ts';
import { MovingAverage, PhotoQueue } from '../classifier/service/photo-queue.ts';
import { readClassifierSettings, type ClassifierSettings, type PhotoQueueSettings } from '../classifier/service/settings.ts';
import type { ClassifierService } from '../classifier/service/types.ts';
import type { ClassroomPlugin } from './classroom.ts';
import { CorrectionReviewService } from '../classifier/service/correction-review.ts';
import { TrainingControl } from '../classifier/service/training-control.ts';

export interface ClassifierPluginOptions {
  /** The classifier's stores (a Database from src/db/client.ts has them). */
  database: { classifierStores: ClassifierStores; stores: { classroom: { roster: RosterRepository } } };
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
      stores: options.database.classifierStores,
      ...(options.url ? { url: options.url } : {}),
      ...(process.env.CLASSIFIER_TOKEN ? { token: process.env.CLASSIFIER_TOKEN } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  const photoQueue = options.photoQueue ?? createPhotoQueue(settings.photoQueue, Boolean(options.url));
  const stores = options.database.classifierStores;
  const roster = options.database.stores.classroom.roster;
  const services: FoodvisionServices = {
    classifier,
    photoQueue,
    photoChannels: stores.photoChannels,
    corrections: new CorrectionReviewService(stores.corrections, roster),
    training: new TrainingControl(stores.jobs, stores.registry, roster),
    maxPhotoBytes: settings.maxPhotoBytes,
  };
  return {
    commands: classifierCommands,
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
