// How soon /model train shows its first progress, and how soon a cancel stops the run: on a fresh
// embedded database with the full training folder (nothing cached), prints the time from the call
// to the "started" report (what the instructor sees first, with its Cancel button), to the first
// embedding report, and from the instructor's cancel to the run's end.
//   npm run bench:train-start            (DATABASE_URL set: that server instead of PGlite)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_BACKBONE } from '../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../src/classifier/service/create.ts';
import { readClassifierSettings } from '../src/classifier/service/settings.ts';
import { TrainingControl } from '../src/classifier/service/training-control.ts';
import { RegistryRepository, TrainingJobRepository } from '../src/db/classifier/index.ts';
import { openDatabase } from '../src/db/client.ts';
import { PrismaRosterRepository } from '../src/db/repositories/roster.ts';

const settings = readClassifierSettings();
if (!settings.trainingData) throw new Error('no training folder: set FOODVISION_TRAIN_DIR');
const temp = process.env.DATABASE_URL ? undefined : await mkdtemp(path.join(tmpdir(), 'fv-bench-'));
const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: path.join(temp!, 'pglite') });
try {
  const classroom = await database.prisma.classroom.create({ data: { platform: 'console', externalId: `bench-${Date.now()}` } });
  const teacher = await database.prisma.member.create({
    data: { classroomId: classroom.id, platformUserId: 'bench', displayName: 'bench', role: 'instructor' },
  });
  const classifier = await startInProcessClassifier({
    stores: database.classifierStores,
    backbone: DEFAULT_BACKBONE,
    threshold: 0.5,
    trainingData: settings.trainingData,
    defaultHeadFile: null,
  });
  const control = new TrainingControl(
    new TrainingJobRepository(database.prisma),
    new RegistryRepository(database.prisma),
    new PrismaRosterRepository(database.prisma),
  );
  const asked = performance.now();
  let startedAt = 0;
  let embeddingAt = 0;
  let cancelAt = 0;
  const run = classifier.train({ name: 'bench', memberId: teacher.id, classroomId: classroom.id }, async (progress) => {
    if (progress.phase === 'started') startedAt = performance.now();
    if (progress.phase === 'embedding' && embeddingAt === 0) {
      embeddingAt = performance.now();
      cancelAt = performance.now();
      const job = await database.prisma.trainingJob.findFirstOrThrow({ where: { classroomId: classroom.id } });
      await control.cancel({ memberId: teacher.id, classroomId: classroom.id, displayName: 'bench' }, job.id);
    }
  });
  const outcome = await run.then(
    () => 'finished',
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  );
  const ended = performance.now();
  console.log(`training folder: ${settings.trainingData.dir}`);
  console.log(`first progress ("started", with Cancel): ${(startedAt - asked).toFixed(0)} ms after the call`);
  console.log(`first embedding report: ${((embeddingAt - asked) / 1000).toFixed(1)} s after the call`);
  console.log(`cancel to the run's end: ${(ended - cancelAt).toFixed(0)} ms (${outcome})`);
  await classifier.close();
} finally {
  await database.close();
  if (temp) await rm(temp, { recursive: true, force: true });
}
