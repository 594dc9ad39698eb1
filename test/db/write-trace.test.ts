// Many requests at once, each in its own write trace, on real Postgres: a request's trace sees the
// writes it sent and no one else's. Prisma sends some operations a tick later from whichever
// request queued first (a batch `$transaction([...])`, say); a repository that used one would
// credit every answer of the tick to the first request, and the others would be told "this
// wasn't recorded" about answers that are in the database.
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { PrismaQuizRepository } from '../../src/db/repositories/quiz.ts';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
let database: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await openDatabase({ url: db.url });
});
afterAll(async () => {
  await database?.close();
  await db?.drop();
});

type Attempt = { id: number; memberId: number; lessonId: number };

async function openAttempts(room: string, count: number): Promise<Attempt[]> {
  const classroom = await database.prisma.classroom.create({ data: { platform: 'console', externalId: room } });
  const ids: Attempt[] = [];
  for (let i = 0; i < count; i++) {
    const member = await database.prisma.member.create({
      data: { classroomId: classroom.id, platformUserId: `${room}-${i}`, displayName: `Student ${i}` },
    });
    ids.push(await database.prisma.quizAttempt.create({ data: { memberId: member.id, lessonId: 7 }, select: { id: true, memberId: true, lessonId: true } }));
  }
  return ids;
}

describe('write traces of requests running at once', () => {
  it('credit each recorded answer to the request that recorded it, and none to a request that only read', async () => {
    const quiz = new PrismaQuizRepository(database.prisma);
    const attempts = await openAttempts('traced', 30);
    const trace = database.traceWrites!;

    const writers = attempts.map((attempt) =>
      trace(() => quiz.recordAnswer(attempt, { questionId: 'q1', choice: 'a', correct: true, shownOrder: ['a', 'b', 'c', 'd'] })),
    );
    const readers = attempts.map((attempt) => trace(() => quiz.findAttempt(attempt.id)));
    await Promise.all([...writers, ...readers].map((request) => request.done));

    expect(await database.prisma.quizAnswer.count({ where: { attemptId: { in: attempts.map((a) => a.id) } } })).toBe(attempts.length);
    expect(writers.map((request) => request.trace.mayHaveWritten)).toEqual(attempts.map(() => true));
    expect(readers.map((request) => request.trace.mayHaveWritten)).toEqual(attempts.map(() => false));
  });

  it('count an answer the database refused as a duplicate as nothing written', async () => {
    const quiz = new PrismaQuizRepository(database.prisma);
    const [attempt] = await openAttempts('duplicate', 1);
    await quiz.recordAnswer(attempt!, { questionId: 'q1', choice: 'a', correct: true, shownOrder: [] });

    const again = database.traceWrites!(() => quiz.recordAnswer(attempt!, { questionId: 'q1', choice: 'b', correct: false, shownOrder: [] }));
    expect(await again.done).toMatchObject({ recorded: false, existing: { choice: 'a' } });
    expect(again.trace.mayHaveWritten).toBe(false);
  });
});

describe('the adapter error a failed COMMIT or ROLLBACK throws bare', () => {
  it('is recognised as the database not answering when the connection closed, and not when the server refused the statement', () => {
    expect(isDatabaseUnavailable(new DriverAdapterError({ kind: 'ConnectionClosed' }))).toBe(true);
    expect(isDatabaseUnavailable(new DriverAdapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))).toBe(true);
    expect(isDatabaseUnavailable(new DriverAdapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['attemptId'] } }))).toBe(false);
  });
});
