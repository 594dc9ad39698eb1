// The real classifier (MobileNet backbone, TF.js, sharp, Postgres) as a classroom plugin for the
// Slack tests, on a few photos a class so a training run takes seconds.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { classifierPlugin } from '../../src/classifier/plugin.ts';
import { DEFAULT_BACKBONE, projectRoot } from '../../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../src/classifier/service/in-process.ts';
import type { ClassroomPlugin } from '../../src/app/classroom.ts';
import type { TestDatabase } from '../support/database.ts';

const DATASET = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7');

export class TestClassifier {
  classifier: InProcessClassifier | undefined;

  constructor(private readonly perClass = 3) {}

  /** Built once per test file; a restart of the Slack app reuses it, as a process would reload the same model. */
  readonly plugins = async (db: TestDatabase): Promise<ClassroomPlugin[]> => {
    this.classifier ??= await startInProcessClassifier({
      prisma: db.prisma,
      backbone: DEFAULT_BACKBONE,
      threshold: 0.5,
      trainingData: { dir: path.join(DATASET, 'train'), perClass: this.perClass },
      // No shipped head: the registry starts empty, so what the tests see was trained here.
      defaultHeadFile: null,
    });
    return [await classifierPlugin({ database: db.database, classifier: this.classifier })];
  };

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
