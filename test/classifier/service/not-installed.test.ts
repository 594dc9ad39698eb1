// A classroom whose backbone was never pulled still runs; /predict and /model say what the
// operator must do instead of failing obscurely.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClassroom } from '../../../src/app/classroom.ts';
import type { Dispatcher } from '../../../src/app/dispatcher.ts';
import { classifierPlugin, type ClassifierPlugin } from '../../../src/app/classifier-plugin.ts';
import { projectRoot } from '../../../src/classifier/pipeline/index.ts';
import { allText, createClassroomFixture, type ClassroomFixture } from '../../commands/fixture.ts';
import { attachment, BACKBONE, testPhoto } from './support.ts';

let fixture: ClassroomFixture;
let plugin: ClassifierPlugin;
let dispatcher: Dispatcher;
let emptyModels: string;
const logged: string[] = [];

beforeAll(async () => {
  // A models folder with the committed manifest but no pulled weights, as on a fresh clone.
  emptyModels = await mkdtemp(path.join(tmpdir(), 'fv-models-'));
  await mkdir(path.join(emptyModels, BACKBONE));
  await copyFile(path.join(projectRoot, 'models', BACKBONE, 'manifest.json'), path.join(emptyModels, BACKBONE, 'manifest.json'));
  process.env.MODELS_DIR = emptyModels;
  fixture = await createClassroomFixture();
  plugin = await classifierPlugin({ database: fixture.db.database, settings: { backbone: BACKBONE }, log: (line) => logged.push(line) });
  dispatcher = (await createClassroom({ database: fixture.db.database, plugins: [plugin] })).dispatcher;
});

afterAll(async () => {
  delete process.env.MODELS_DIR;
  await plugin?.close();
  await fixture?.db.drop();
  await rm(emptyModels, { recursive: true, force: true });
});

it('answers /predict and /model with the operator’s fix, and logs why', async () => {
  const [predicted] = await dispatcher.runCommand(fixture.as('Mina'), 'predict', {
    photo: attachment('bibimbap.jpg', await testPhoto('bibimbap', 0), { contentType: 'image/jpeg' }),
  });
  expect(predicted).toMatchObject({ tone: 'error', private: true });
  expect(allText(predicted)).toContain('npm run models:pull');
  const [status] = await dispatcher.runCommand(fixture.as('Teacher', { role: 'instructor' }), 'model', { subcommand: 'status' });
  expect(allText(status)).toContain('npm run models:pull');
  expect(logged.some((line) => line.includes('is not pulled'))).toBe(true);
});

it('keeps the rest of the classroom working', async () => {
  const [lesson] = await dispatcher.runCommand(fixture.as('Mina'), 'lesson', { number: 7 });
  expect(lesson?.tone).not.toBe('error');
});
