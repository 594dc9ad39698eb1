// The real classifier (MobileNet backbone, TF.js, sharp, Postgres) as a classroom plugin for the
// Slack tests, on a few photos a class so a training run takes seconds.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { classifierPlugin } from '../../src/app/classifier-plugin.ts';
import { DEFAULT_BACKBONE, defaultHeadPath, projectRoot } from '../../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../src/classifier/service/in-process.ts';
import type { PhotoQueue } from '../../src/classifier/service/photo-queue.ts';
import type { ClassroomPlugin } from '../../src/app/classroom.ts';
import type { TestDatabase } from '../support/database.ts';
import { textOf } from '../support/slack-double/blocks-read.ts';
import { trainDefaultHead } from '../classifier/service/support.ts';
import { CHANNEL, SlackHarness, teacher } from './harness.ts';
import { classifierRepositories } from '../../src/db/classifier/index.ts';

const DATASET = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7');

export class TestClassifier {
  classifier: InProcessClassifier | undefined;

  /**
   * `shippedHead`: start from the committed default head when there is one (no training needed to
   * classify); otherwise the registry starts empty and `ensureModel` trains a small head.
   * `photoQueue`: the plugin's queue (one per boot), instead of the one the settings describe.
   */
  constructor(
    private readonly perClass = 2,
    private readonly shippedHead = false,
    private readonly photoQueue?: () => PhotoQueue,
  ) {}

  /** Built once per test file; a restart of the Slack app reuses it, as a process would reload the same model. */
  private db: TestDatabase | undefined;

  readonly plugins = async (db: TestDatabase): Promise<ClassroomPlugin[]> => {
    this.db = db;
    this.classifier ??= await startInProcessClassifier({
      stores: classifierRepositories(db.prisma),
      backbone: DEFAULT_BACKBONE,
      threshold: 0.5,
      trainingData: { dir: path.join(DATASET, 'train'), perClass: this.perClass },
      defaultHeadFile: this.shippedHead && existsSync(defaultHeadPath()) ? defaultHeadPath() : null,
    });
    return [await classifierPlugin({ database: db.database, classifier: this.classifier, ...(this.photoQueue ? { photoQueue: this.photoQueue() } : {}) })];
  };

  /** An active model to classify with: the shipped one, or a small head trained here. */
  async ensureModel(): Promise<void> {
    const models = await this.classifier!.listModels({ name: 'test' });
    if (!models.some((m) => m.active)) await trainDefaultHead(this.classifier!, this.db!.prisma);
  }

  async close(): Promise<void> {
    await this.classifier?.close();
  }
}

/** A photo from the test split, which no training here reads. */
export async function testPhoto(label: string, index = 0): Promise<Uint8Array> {
  const dir = path.join(DATASET, 'test', label);
  const files = (await readdir(dir)).sort();
  return new Uint8Array(await readFile(path.join(dir, files[index]!)));
}

/** The Slack app with this classifier, an active model, and CHANNEL made a photo channel by the teacher. */
export async function photoChannelClass(tc: TestClassifier): Promise<SlackHarness> {
  const h = await SlackHarness.start({ plugins: tc.plugins, onClose: () => tc.close() });
  await tc.ensureModel();
  await h.command(teacher, '/foodvision photo-channel on');
  await h.waitForMessage(teacher, CHANNEL, (m) => /threaded reply/.test(textOf(m.blocks)), 'photo channel on');
  return h;
}
