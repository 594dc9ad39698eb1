// Training that survives crashes, on real Postgres with the real backbone: a bot process killed
// with SIGKILL mid-run, a live one that takes its job over, /model status that never calls a dead
// job running, and a new /model train right after the crash. Every test has a database of its own:
// at most one training job is open per database, so one test's job must never meet another's.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createClassifier, startInProcessClassifier, type InProcessClassifierOptions } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { statusReply } from '../../../src/classifier/service/model-replies.ts';
import { MAX_TAKEOVERS } from '../../../src/classifier/service/trainer.ts';
import { newLease } from '../../../src/classifier/service/training-lease.ts';
import type { ClassifierService, ClassifierStatus } from '../../../src/classifier/service/types.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { startTcpProxy } from '../../support/tcp-proxy.ts';
import { classroomId, tinyTraining } from './support.ts';
import { withoutMarks } from '../../../src/core/display-text.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const PER_CLASS = 4; // 28 photos: the child reports the first 16 embedded, 12 are left when it dies

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The class whose training these tests crash (the child process trains for the same one). */
let room: { name: string; classroomId: number };

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  room = { name: 'test', classroomId: await classroomId(db.prisma) };
  return db;
}

/** Where no child shares the work, three photos a class (21) are enough to train on. */
const options = (db: TestDatabase, timing: Partial<InProcessClassifierOptions> = {}, perClass = 3) => tinyTraining(db.prisma, perClass, timing);

async function live(db: TestDatabase, timing: Partial<InProcessClassifierOptions>, perClass?: number): Promise<InProcessClassifier> {
  const classifier = await startInProcessClassifier(options(db, timing, perClass));
  cleanups.push(() => classifier.close());
  return classifier;
}

/** Polls a real condition (never a fixed sleep standing in for one); the test's timeout bounds it. */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(25);
  }
}

/** The lease of a process of this machine that has exited: what a kill -9 leaves in the job row. */
async function deadOwner(): Promise<string> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  const parts = newLease().split('/');
  parts[parts.length - 3] = String(child.pid);
  return parts.join('/');
}

/** A job row as a crash leaves it: running in the test class, its lease held by `owner`. */
function leftRunning(db: TestDatabase, owner: string, row: { requestedBy?: string; heartbeatAt?: Date; takeovers?: number } = {}) {
  return db.prisma.trainingJob.create({
    data: {
      requestedBy: 'crashed teacher',
      classroomId: room.classroomId,
      state: 'running',
      openSlot: room.classroomId,
      owner,
      heartbeatAt: new Date(),
      ...row,
    },
  });
}

// Member text (the requester's name) is marked for the renderers; read it as a member would see it.
const fieldValue = (reply: Reply, name: string) => {
  const value = reply.blocks.flatMap((b) => (b.kind === 'fields' ? b.fields : [])).find((f) => f.name === name)?.value;
  return value === undefined ? undefined : withoutMarks(value);
};

describe('a training job whose process died', () => {
  it('is taken over by a live process that was already running, and status never calls it running meanwhile', async () => {
    const db = await database();
    // Short intervals: look every 50 ms; a job silent for 5 s is stale (the dead child is found sooner, by its pid).
    const survivor = await live(db, { heartbeatMs: 100, staleAfterMs: 5_000, leaseCheckMs: 50 }, PER_CLASS);

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/classifier/service/train-child.ts'], {
      cwd: root,
      env: { ...process.env, TRAIN_CHILD_DATABASE_URL: db.url, TRAIN_CHILD_PER_CLASS: String(PER_CLASS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Its first progress report (TensorFlow.js prints a line of its own before it).
    const firstProgress = new Promise<unknown>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        // The first embedding report: the run had started and done real work when it dies.
        if (line.startsWith('{"phase":"embedding"')) resolve(JSON.parse(line));
      });
      child.once('exit', () => reject(new Error(`the child exited before reporting progress:\n${stderr}`)));
    });
    expect(await firstProgress).toMatchObject({ phase: 'embedding', done: 16, total: 28 });
    // Read while the child still holds it: once it is dead, the survivor may take it over at any moment.
    const orphan = await db.prisma.trainingJob.findFirstOrThrow();
    const deadLease = orphan.owner;
    expect(deadLease).toContain(`/${child.pid}/`);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The signal landed mid-run: the job was still open when its process died.
    const versionsAtDeath = await db.prisma.modelVersion.count();
    expect(versionsAtDeath).toBe(0);

    const seen: string[] = [];
    const final = await until(async () => {
      const status: ClassifierStatus = await survivor.status(room);
      const state = status.training?.state;
      if (state && seen.at(-1) !== state) seen.push(state);
      if (state === 'running') {
        // Read after the status: the lease only ever moves away from the dead child, so if it is
        // still the child's now, the status above called the dead child's job running.
        const row = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: orphan.id } });
        expect(row.owner).not.toBe(deadLease);
      }
      return state === 'done' || state === 'failed' ? status : undefined;
    });

    expect(final.training).toMatchObject({ id: orphan.id, state: 'done', requestedBy: 'crashed teacher' });
    expect(final.active).toMatchObject({ version: 1, trainedBy: 'crashed teacher' });
    const row = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(row).toMatchObject({ state: 'done', openSlot: null, takeovers: 1 });
    expect(row.owner).not.toBe(deadLease);
    // It carried on from the child's work: the photos the child embedded came from the cache.
    expect(survivor.cache.computed).toBeLessThan(28);
    expect(survivor.cache.computed).toBeGreaterThan(0);
    // Interrupted (until the takeover), running (the survivor's run), done: in that order, none twice.
    const order = ['interrupted', 'running', 'done'];
    expect(seen.map((state) => order.indexOf(state))).toEqual([...new Set(seen.map((state) => order.indexOf(state)))].sort());
    expect(seen.at(-1)).toBe('done');
  }, 180_000);

  it('answers /model status at start-up while the resumed job runs: concurrent calls all succeed', async () => {
    const db = await database();
    // Left by a process of another machine ten minutes ago: stale by its heartbeat alone.
    const orphan = await leftRunning(db, 'other-host/4242/elsewhere/5eed', {
      requestedBy: 'restarted teacher',
      heartbeatAt: new Date(Date.now() - 10 * 60_000),
    });
    const classifier: ClassifierService = createClassifier({ ...options(db, { heartbeatMs: 100, leaseCheckMs: 50 }) });
    cleanups.push(() => classifier.close());

    // The first calls build the classifier, whose start-up resumes the job; all land together.
    const calls = await Promise.allSettled([...Array.from({ length: 8 }, () => classifier.status(room)), classifier.listModels(room)]);
    expect(calls.filter((call) => call.status === 'rejected')).toEqual([]);
    for (const call of calls.slice(0, 8)) {
      const status = (call as PromiseFulfilledResult<ClassifierStatus>).value;
      expect(status.training).toMatchObject({ id: orphan.id, requestedBy: 'restarted teacher' });
      expect(['running', 'done']).toContain(status.training?.state);
    }
    // And more while it trains, then it finishes.
    const done = await until(async () => {
      const statuses = await Promise.all(Array.from({ length: 4 }, () => classifier.status(room)));
      return statuses.every((s) => s.training?.state === 'done') ? statuses[0] : undefined;
    });
    expect(done!.active).toMatchObject({ version: 1, trainedBy: 'restarted teacher' });
    expect(await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ state: 'done', takeovers: 1 });
  }, 180_000);

  it('lets a new /model train start right after the crash: it takes the dead job over instead of answering busy', async () => {
    const db = await database();
    // Already running when the other process died; its own lease check is far off, so the request,
    // not the background, must take the job.
    const classifier = await live(db, { leaseCheckMs: 600_000 });
    // A fresh heartbeat: only the owner's pid, gone from this machine, says the process died.
    const orphan = await leftRunning(db, await deadOwner());

    const status = await classifier.status(room);
    expect(status.training).toMatchObject({ id: orphan.id, state: 'interrupted', next: 'resume' });
    const en = fieldValue(statusReply(status, [], 'en'), 'Training');
    const ko = fieldValue(statusReply(status, [], 'ko'), '학습');
    expect(en).toContain(`#${orphan.id} interrupted (crashed teacher)`);
    expect(en).toContain('a live bot process resumes it shortly');
    expect(ko).toContain(`#${orphan.id} 중단됨 (crashed teacher)`);
    expect(ko).toContain('이어서 학습합니다');

    const progress: string[] = [];
    const result = await classifier.train({ name: 'new teacher', classroomId: room.classroomId }, (p) => void progress.push(p.phase));
    expect(result.model).toMatchObject({ version: 1, active: true });
    expect(progress).toContain('training');
    const row = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(row).toMatchObject({ state: 'done', openSlot: null });
    expect(await db.prisma.trainingJob.count()).toBe(1);
  }, 180_000);

  it(`fails a job abandoned ${MAX_TAKEOVERS} times and runs the new request as a job of its own`, async () => {
    const db = await database();
    const classifier = await live(db, { leaseCheckMs: 600_000 });
    const poisoned = await leftRunning(db, await deadOwner(), { takeovers: MAX_TAKEOVERS });
    const status = await classifier.status(room);
    expect(status.training).toMatchObject({ id: poisoned.id, state: 'interrupted', next: 'fail' });
    expect(fieldValue(statusReply(status, [], 'en'), 'Training')).toContain('it will be marked failed');
    expect(fieldValue(statusReply(status, [], 'ko'), '학습')).toContain('실패로 처리됩니다');

    const result = await classifier.train({ name: 'new teacher', classroomId: room.classroomId });
    expect(result.model).toMatchObject({ version: 1, trainedBy: 'new teacher' });
    const jobs = await db.prisma.trainingJob.findMany({ orderBy: { id: 'asc' } });
    expect(jobs.map((job) => [job.id, job.state, job.openSlot])).toEqual([
      [poisoned.id, 'failed', null],
      [expect.any(Number), 'done', null],
    ]);
    expect(jobs[0]!.error).toContain(`interrupted ${MAX_TAKEOVERS + 1} times`);
  }, 180_000);

  it('is resumed by a bot whose classifier nobody has used yet: the job itself wakes it', async () => {
    const db = await database();
    const classifier: ClassifierService = createClassifier(options(db, { heartbeatMs: 100, leaseCheckMs: 50 }));
    cleanups.push(() => classifier.close());
    const orphan = await leftRunning(db, await deadOwner());
    const row = await until(async () => {
      const job = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: orphan.id } });
      return job.state === 'done' || job.state === 'failed' ? job : undefined;
    });
    expect(row).toMatchObject({ state: 'done', takeovers: 1 });
    expect(await db.prisma.modelVersion.count()).toBe(1);
  }, 180_000);

  it('keeps looking through a database outage: the failing check is logged once, and the job is resumed once it is back', async () => {
    const db = await database();
    const proxy = await startTcpProxy(5432);
    cleanups.push(() => proxy.close());
    const url = new URL(db.url);
    url.port = String(proxy.port);
    const viaProxy = await openDatabase({ url: url.toString() });
    cleanups.push(() => viaProxy.close());
    const logged: string[] = [];
    const classifier = await startInProcessClassifier(
      tinyTraining(viaProxy.prisma, 3, { heartbeatMs: 100, leaseCheckMs: 50, log: (line) => logged.push(line) }),
    );
    cleanups.push(() => classifier.close());
    const checkFailures = () => logged.filter((line) => line.startsWith('classifier: training lease check failed'));

    await proxy.cut();
    await until(async () => (checkFailures().length > 0 ? true : undefined));
    // Twenty more checks' worth of an outage: still one line, not one a tick.
    await sleep(20 * 50);
    expect(checkFailures()).toHaveLength(1);

    // The job a crash left while the database was away (written straight to the server, not through the proxy).
    const orphan = await leftRunning(db, await deadOwner());
    await proxy.restore();
    const row = await until(async () => {
      const job = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: orphan.id } });
      return job.state === 'done' || job.state === 'failed' ? job : undefined;
    });
    expect(row).toMatchObject({ state: 'done', takeovers: 1 });
    expect(logged).toContain('classifier: training lease check: working again');
    expect(checkFailures()).toHaveLength(1);
  }, 180_000);
});
