// Real photos and plain test callers for the classifier service tests.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentRef } from '../../../src/core/context.ts';
import { userError } from '../../../src/core/errors.ts';
import { projectRoot } from '../../../src/classifier/pipeline/index.ts';
import type { InProcessClassifierOptions } from '../../../src/classifier/service/create.ts';
import type { ClassifierService } from '../../../src/classifier/service/types.ts';
import type { PrismaClient } from '../../../src/generated/prisma/client.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';

/** The lesson's backbone, named outright: the shapes the tests check ([1,768], 5,383) are its own. */
export const BACKBONE = 'mobilenet_v1_0.75_224';

export const DATASET = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7');
export const TRAIN_DIR = path.join(DATASET, 'train');

/** The n-th photo (by file name) of a class in the test split, which no training here reads. */
export async function testPhoto(label: string, index = 0): Promise<Uint8Array> {
  const dir = path.join(DATASET, 'test', label);
  const files = (await readdir(dir)).sort();
  return new Uint8Array(await readFile(path.join(dir, files[index]!)));
}

/** An attachment as a platform declares it; counts downloads so tests can see none happened. */
export function attachment(name: string, bytes: Uint8Array, declared: { size?: number; contentType?: string } = {}): AttachmentRef & { downloads: number } {
  const ref = {
    name,
    url: `https://files.test/${name}`,
    size: declared.size ?? bytes.byteLength,
    ...(declared.contentType ? { contentType: declared.contentType } : {}),
    downloads: 0,
    async download(maxBytes: number) {
      ref.downloads += 1;
      if (bytes.byteLength > maxBytes) throw userError('too-large', '너무 큽니다', 'Too large');
      return bytes;
    },
  };
  return ref;
}

/** A classifier that trains in seconds: `perClass` photos of each class, one head, 20 epochs, no shipped head. */
export function tinyTraining(prisma: PrismaClient, perClass: number, more: Partial<InProcessClassifierOptions> = {}): InProcessClassifierOptions {
  return {
    stores: classifierRepositories(prisma),
    backbone: BACKBONE,
    threshold: 0.5,
    trainingData: { dir: TRAIN_DIR, perClass },
    training: { epochs: 20, folds: 1 },
    defaultHeadFile: null,
    ...more,
  };
}

/** The id of a classroom row (created when missing): direct classifier calls need a class to train and activate for. */
export async function classroomId(
  prisma: PrismaClient,
  ref: { platform: 'discord' | 'slack' | 'console'; externalId: string } = { platform: 'console', externalId: 'classifier-tests' },
): Promise<number> {
  const row = await prisma.classroom.upsert({ where: { platform_externalId: ref }, create: ref, update: {} });
  return row.id;
}

/**
 * Test set-up for tests about photos, not models: trains a head in a set-up class and makes it the
 * deployment's shared default, as a shipped head would be, so every class predicts with it.
 */
export async function trainDefaultHead(classifier: ClassifierService, prisma: PrismaClient): Promise<number> {
  const setup = await classroomId(prisma, { platform: 'console', externalId: 'test-setup' });
  const { model } = await classifier.train({ name: 'test setup', classroomId: setup });
  await prisma.$transaction(async (tx) => {
    await tx.modelVersion.updateMany({ where: { active: true }, data: { active: null } });
    await tx.modelVersion.update({ where: { version: model.version }, data: { active: true, classroomId: null } });
  });
  return model.version;
}
