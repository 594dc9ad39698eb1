// A whole class on the quiz at the same moment, through the dispatcher, on real Postgres with a
// deliberately small pool: every start opens one attempt, every answer is scored once, and no
// member meets the generic "Something went wrong". When the pool has nothing to spare in time, or
// the database blinks mid-burst, the member is told to try again, and what they are told matches
// what the database holds.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassroom } from '../../src/app/classroom.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import type { Invocation } from '../../src/core/context.ts';
import type { Reply } from '../../src/core/reply.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/db/client.ts';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const CLASS = 200;
// Hundreds of requests on a shared 2-core machine: bounded generously, never timed.
const BURST_TIMEOUT = 240_000;

let db: TestDatabase;
const opened: Database[] = [];
let proxy: TcpProxy | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const database of opened) await database.close();
  await proxy?.close();
  await db?.drop();
});

type Attempt = { id: number; questionIds: string[] };

/** `answer(attempt)`: the action id of the right option of the attempt's first question (each attempt draws its own). */
async function classroom(options: OpenDatabaseOptions): Promise<{ dispatcher: Dispatcher; database: Database; answer: (attempt: Attempt) => string }> {
  const database = await openDatabase(options);
  opened.push(database);
  const { dispatcher, services } = await createClassroom({ database });
  const quiz = services.catalog.get(7)!.quiz;
  const answer = (attempt: Attempt) => {
    const first = quiz.find((q) => q.id === attempt.questionIds[0])!;
    return `quiz:answer:${attempt.id}:${first.id}:${first.answer}`;
  };
  return { dispatcher, database, answer };
}

/** Each test's students sit in a classroom of their own, so no test reads another's rows. */
function student(room: string, i: number): Invocation {
  return {
    classroom: { platform: 'console', externalId: room },
    caller: { platformUserId: `${room}-${i}`, displayName: `Student ${i}`, platformRole: 'student', locale: 'en' },
  };
}

type Told = 'answered' | 'already' | 'not recorded' | 'maybe saved' | 'generic' | 'other';

function told(replies: Reply[]): Told {
  const words = replies.flatMap((reply) => reply.blocks.map((block) => ('text' in block ? block.text : ''))).join(' ');
  if (words.includes("so this wasn't recorded")) return 'not recorded';
  if (words.includes("couldn't confirm this was saved")) return 'maybe saved';
  if (words.includes('Something went wrong')) return 'generic';
  if (replies.some((reply) => reply.tone === 'error')) return 'other';
  return words.includes('You already answered') ? 'already' : 'answered';
}

function count(outcomes: Told[]): Partial<Record<Told, number>> {
  const counts: Partial<Record<Told, number>> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

async function attemptsOf(room: string) {
  return db.prisma.quizAttempt.findMany({
    where: { member: { classroom: { externalId: room } } },
    include: { answers: true, member: { select: { platformUserId: true } } },
  });
}

async function seatClass(dispatcher: Dispatcher, room: string): Promise<Map<number, Attempt>> {
  const everyone = Array.from({ length: CLASS }, (_, i) => i);
  await Promise.all(everyone.map((i) => dispatcher.runCommand(student(room, i), 'lesson', { number: 7 })));
  const started = await Promise.all(everyone.map((i) => dispatcher.runCommand(student(room, i), 'quiz', { lesson: 7 })));
  expect(count(started.map(told))).toEqual({ answered: CLASS });
  const attempts = await attemptsOf(room);
  return new Map(attempts.map((a) => [Number(a.member.platformUserId.split('-').at(-1)), a]));
}

describe('a class of 200 on a pool of 4 connections', () => {
  it(
    'starts and answers all at once, double clicks included: one attempt each, every answer scored once, no error',
    async () => {
      const { dispatcher, answer } = await classroom({ url: db.url, pool: { max: 4, waitMs: 60_000 } });
      const room = 'burst';
      const everyone = Array.from({ length: CLASS }, (_, i) => i);
      await Promise.all(everyone.map((i) => dispatcher.runCommand(student(room, i), 'lesson', { number: 7 })));

      // Every fifth student double-clicks "start": still one open attempt each.
      const starts = everyone.flatMap((i) => (i % 5 === 0 ? [i, i] : [i]));
      const started = await Promise.all(starts.map((i) => dispatcher.runCommand(student(room, i), 'quiz', { lesson: 7 })));
      expect(count(started.map(told))).toEqual({ answered: starts.length });
      const attempts = await attemptsOf(room);
      expect(attempts).toHaveLength(CLASS);
      expect(new Set(attempts.map((a) => a.memberId)).size).toBe(CLASS);
      const attemptOf = new Map(attempts.map((a) => [a.member.platformUserId, a]));

      // Every fifth student double-clicks the right answer too.
      const replies = await Promise.all(starts.map((i) => dispatcher.runAction(student(room, i), answer(attemptOf.get(`${room}-${i}`)!))));
      expect(count(replies.map(told))).toEqual({ answered: CLASS, already: starts.length - CLASS });

      const after = await attemptsOf(room);
      expect(after.map((a) => [a.answers.length, a.score])).toEqual(after.map(() => [1, 1]));
      const points = await db.prisma.pointEntry.groupBy({
        by: ['memberId'],
        where: { member: { classroom: { externalId: room } }, reason: { contains: ':quiz:' } },
        _sum: { points: true },
      });
      expect(points.map((p) => p._sum.points)).toEqual(after.map(() => 10));
    },
    BURST_TIMEOUT,
  );
});

describe('a pool with nothing to spare in time', () => {
  it('tells the member to try again (never the generic error), records nothing, and reports a transaction that could not start as temporary', async () => {
    const { dispatcher, database } = await classroom({ url: db.url, pool: { max: 1, waitMs: 300 } });
    const room = 'exhausted';
    await dispatcher.runCommand(student(room, 0), 'lesson', { number: 7 });

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    // The pool's only connection, held by a transaction until the checks below are done.
    const holder = database.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        holding();
        await held;
      },
      { timeout: 30_000 },
    );
    await isHolding;
    try {
      const [reply] = await dispatcher.runCommand(student(room, 0), 'quiz', { lesson: 7 });
      expect(told([reply!])).toBe('not recorded');
      expect(reply!.private).toBe(true);

      const late = await database.prisma.$transaction(async () => 'never', { maxWait: 200 }).catch((error: unknown) => error);
      expect((late as { code?: string }).code).toBe('P2028');
      expect(isDatabaseUnavailable(late)).toBe(true);
    } finally {
      release();
      await holder;
    }
    expect(await attemptsOf(room)).toEqual([]);
    const [again] = await dispatcher.runCommand(student(room, 0), 'quiz', { lesson: 7 });
    expect(told([again!])).toBe('answered');
  });
});

async function viaProxy(): Promise<string> {
  proxy ??= await startTcpProxy(5432);
  const url = new URL(db.url);
  url.port = String(proxy.port);
  return url.toString();
}

// A retry budget shorter than the outages below, so some requests do fail and their replies can be checked.
const SHORT_RETRY = { budgetMs: 300, baseDelayMs: 20, maxDelayMs: 100 };

describe('a database that goes away after an answer was recorded, before the reply was ready', () => {
  it('says it could not confirm the answer was saved (it was), and the next click shows it and pays its points', async () => {
    const { dispatcher, answer } = await classroom({ url: await viaProxy(), retry: SHORT_RETRY });
    const room = 'recorded-then-lost';
    await dispatcher.runCommand(student(room, 0), 'quiz', { lesson: 7 });
    const [attempt] = await attemptsOf(room);

    // An administrator's lock on the points table holds the request right after its answer is saved.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE "PointEntry" IN ACCESS EXCLUSIVE MODE');
      const reply = dispatcher.runAction(student(room, 0), answer(attempt!));
      await expect.poll(() => db.prisma.quizAnswer.count({ where: { attemptId: attempt!.id } }), { timeout: 30_000, interval: 20 }).toBe(1);
      await proxy!.cut();
      expect(told(await reply)).toBe('maybe saved');
    } finally {
      await admin.query('ROLLBACK').catch(() => {});
      await admin.end();
      await proxy!.restore();
    }

    const again = await dispatcher.runAction(student(room, 0), answer(attempt!));
    expect(told(again)).toBe('already');
    const [after] = await attemptsOf(room);
    expect([after!.answers.length, after!.score]).toEqual([1, 1]);
    expect(await db.prisma.pointEntry.count({ where: { memberId: after!.memberId, reason: { contains: ':quiz:' } } })).toBe(1);
  });
});

describe('a database that blinks in the middle of a burst of answers', () => {
  it(
    'confirms what was recorded, says "not recorded" only when nothing was, and a second click completes everything, once',
    async () => {
      const { dispatcher, answer } = await classroom({ url: await viaProxy(), retry: SHORT_RETRY });
      const room = 'blink';
      const attemptOf = await seatClass(dispatcher, room);
      const click = (i: number) => dispatcher.runAction(student(room, i), answer(attemptOf.get(i)!));
      const everyone = [...attemptOf.keys()];

      const burst = Promise.all(everyone.map(async (i) => ({ i, outcome: told(await click(i)) })));
      // The outage starts once the burst is well under way: some answers are in, most are not.
      await expect
        .poll(() => db.prisma.quizAnswer.count({ where: { attemptId: { in: [...attemptOf.values()].map((a) => a.id) } } }), { timeout: 60_000, interval: 20 })
        .toBeGreaterThanOrEqual(20);
      await proxy!.cut();
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the outage's length, not a wait for something
      await proxy!.restore();
      const first = await burst;

      const outcomes = count(first.map((f) => f.outcome));
      expect(outcomes.generic ?? 0).toBe(0);
      expect(outcomes.other ?? 0).toBe(0);
      expect((outcomes['not recorded'] ?? 0) + (outcomes['maybe saved'] ?? 0)).toBeGreaterThan(0);

      const answered = new Set((await attemptsOf(room)).filter((a) => a.answers.length > 0).map((a) => a.id));
      for (const { i, outcome } of first) {
        const inDatabase = answered.has(attemptOf.get(i)!.id);
        if (outcome === 'answered') expect({ i, outcome, inDatabase }).toEqual({ i, outcome, inDatabase: true });
        if (outcome === 'not recorded') expect({ i, outcome, inDatabase }).toEqual({ i, outcome, inDatabase: false });
      }

      // Everyone told to try again does; the database is back, so each is recorded or shown as recorded.
      const retried = first.filter((f) => f.outcome === 'not recorded' || f.outcome === 'maybe saved');
      const second = await Promise.all(retried.map(async ({ i, outcome }) => ({ i, before: outcome, now: told(await click(i)) })));
      for (const { i, before, now } of second) {
        expect(now === 'answered' || now === 'already', `student ${i}: ${before}, then ${now}`).toBe(true);
        // "not recorded" was true, so the second click is the one that records it.
        if (before === 'not recorded') expect({ i, now }).toEqual({ i, now: 'answered' });
      }

      const final = await attemptsOf(room);
      expect(final.map((a) => [a.answers.length, a.score])).toEqual(final.map(() => [1, 1]));
      const points = await db.prisma.pointEntry.findMany({
        where: { member: { classroom: { externalId: room } }, reason: { contains: ':quiz:' } },
        select: { memberId: true },
      });
      expect(points.map((p) => p.memberId).sort()).toEqual(final.map((a) => a.memberId).sort());
    },
    BURST_TIMEOUT,
  );
});
