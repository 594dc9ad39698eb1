// The classifier as a classroom plugin: /predict, /model, /foodvision, the photo-channel
// listener, and the services they use. Which classifier runs (in process, or the HTTP service at
// CLASSIFIER_URL) is decided here once; the commands can't tell the difference.
import { foodvisionCommand } from '../../commands/foodvision.ts';
import { modelCommand } from '../../commands/model.ts';
import { photoChannelListener } from '../../commands/classify-photo.ts';
import { predictCommand } from '../../commands/predict.ts';
import type { ClassroomPlugin } from '../app/classroom.ts';
import type { Database } from '../db/client.ts';
import { PhotoChannelRepository } from '../db/classifier/index.ts';
import type { FoodvisionServices } from './service/context.ts';
import { createClassifier } from './service/create.ts';
import { readClassifierSettings, type ClassifierSettings } from './service/settings.ts';
import type { ClassifierService } from './service/types.ts';

export interface ClassifierPluginOptions {
  database: Pick<Database, 'prisma'>;
  /** CLASSIFIER_URL: use the HTTP service there instead of running the classifier in this process. */
  url?: string;
  /** An already built classifier (tests, or a host that shares one). */
  classifier?: ClassifierService;
  settings?: Partial<ClassifierSettings>;
  log?: (line: string) => void;
}

export interface ClassifierPlugin extends ClassroomPlugin {
  classifier: ClassifierService;
  close(): Promise<void>;
}

export const classifierCommands = [predictCommand, modelCommand, foodvisionCommand];

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
  const services: FoodvisionServices = {
    classifier,
    photoChannels: new PhotoChannelRepository(options.database.prisma),
    maxPhotoBytes: settings.maxPhotoBytes,
  };
  return {
    commands: classifierCommands,
    listeners: [photoChannelListener],
    services: { foodvision: services },
    classifier,
    close: () => classifier.close(),
  };
}
