// /model train's first progress and its cancel, on real Postgres with the real backbone: the
// "started" report (with the job to cancel) comes before any photo is embedded; only the instructor
// who started a run may cancel it; the running job honours the cancel in this process and in
// another one holding the lease.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { TrainingControl } from '../../../src/classifier/service/training-control.ts';
import type { TrainingProgress } from '../../../src/classifier/service/types.ts';
import { UserError } from '../../../src/core/errors.ts';
import { RegistryRepository, TrainingJobRepository } from '../../../src/db/classifier/index.ts';
import { PrismaRosterRepository } from '../../../src/db/repositories/roster.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { classroomId, tinyTraining } from './support.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let db: TestDatabase;
let control: TrainingControl;
let room: number;
let teacher: { memberId: number; classroomId: number; displayName: string; name: string };
let colleague: typeof teacher;
let student: typeof teacher;

async function member(name: string, role: 'student' | 'instructor') {
  const row = await db.prisma.member.create({ data: { classroomId: room, platformUserId: name, displayName: name, role } });
  return { memberId: row.id, classroomId: room, displayName: name, name };
}

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof UserError ? error.code : String(error);
}

beforeAll(async () => {
  db = await createTestDatabase();
  room = await classroomId(db.prisma);
  teacher = await member('teacher', 'instructor');
  colleague = await member('colleague', 'instructor');
  student = await member('student', 'student');
  control = new TrainingControl(new TrainingJobRepository(db.prisma), new RegistryRepository(db.prisma), new PrismaRosterRepository(db.prisma));
});

afterAll(async () => {
  await db?.drop();
});

describe('/model train', () => {
  let classifier: InProcessClassifier;
  beforeAll(async () => {
    classifier = await startInProcessClassifier(tinyTraining(db.prisma, 4, { heartbeatMs: 100 }));
  });
  afterAll(() => classifier?.close());

  it('reports first, before any embedding, and is cancelled by its instructor alone', async () => {
    const seen: { progress: TrainingProgress; computed: number }[] = [];
    const refusals: (string | undefined)[] = [];
    let cancelled: unknown;
    const run = classifier.train(teacher, async (progress) => {
      seen.push({ progress, computed: classifier.cache.computed });
      if (progress.phase === 'embedding' && cancelled === undefined) {
        const jobId = (seen[0]!.progress as { jobId: number }).jobId;
        refusals.push(await code(control.cancel(colleague, jobId)), await code(control.cancel(student, jobId)));
        cancelled = await control.cancel(teacher, jobId);
      }
    });
    expect(await code(run)).toBe('training-cancelled');

    // The first report names the job and comes before the backbone has embedded a single photo.
    expect(seen[0]).toEqual({ progress: { phase: 'started', jobId: expect.any(Number) }, computed: 0 });
    expect(seen[1]!.progress.phase).toBe('embedding');
    expect(seen[1]!.computed).toBeGreaterThan(0);
    expect(refusals).toEqual(['not-your-training', 'instructor-only']);
    expect(cancelled).toEqual({ outcome: 'requested' });
    // Stopped at the next report: it never reached training, and registered nothing.
    expect(seen.some((s) => s.progress.phase === 'training')).toBe(false);
    const job = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: (seen[0]!.progress as { jobId: number }).jobId } });
    expect(job).toMatchObject({ state: 'cancelled', openSlot: null, modelVersionId: null });
    expect(await db.prisma.modelVersion.count()).toBe(0);
    // The class's slot is free again: cancelling a finished run says so.
    expect(await control.cancel(teacher, job.id)).toEqual({ outcome: 'finished', state: 'cancelled' });
  }, 180_000);
});

describe('a run held by another process', () => {
  it('stops at its next heartbeat when its instructor cancels it here', async () => {
    // Eight photos a class: the four the test above embedded are cached, the other four give the child embedding to do.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/classifier/service/train-child.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TRAIN_CHILD_DATABASE_URL: db.url,
        TRAIN_CHILD_PER_CLASS: '8',
        TRAIN_CHILD_MEMBER: String(teacher.memberId),
        TRAIN_CHILD_NAME: 'teacher',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    const lines: Record<string, unknown>[] = [];
    let jobId = 0;
    const last = new Promise<Record<string, unknown>>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        lines.push(parsed);
        if (parsed.phase === 'started') jobId = parsed.jobId as number;
        if (parsed.phase === 'embedding' && lines.filter((l) => l.phase === 'embedding').length === 1) {
          void control.cancel(teacher, jobId).then((answer) => expect(answer).toEqual({ outcome: 'requested' }), reject);
        }
        if ('error' in parsed || 'finished' in parsed) resolve(parsed);
      });
      child.once('exit', () => reject(new Error(`the child exited without an outcome:\n${stderr}`)));
    });
    expect(await last).toEqual({ error: 'training-cancelled' });
    expect(await exited).toBe(0);
    expect(lines[0]).toMatchObject({ phase: 'started' });
    expect(lines.some((l) => l.phase === 'training')).toBe(false);
    expect(await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: 'cancelled', openSlot: null });
  }, 180_000);
});
