// Reviewed corrections on real Postgres with the real classifier: a student's correction waits in
// the class's queue with its thumbnail, the prediction and its confidence; only an approved one
// trains; double clicks and two instructors at once record one decision; a member's corrections
// are limited per day however many processes count them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import { CorrectionReviewService } from '../../../src/classifier/service/correction-review.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import type { Requester } from '../../../src/classifier/service/types.ts';
import { UserError } from '../../../src/core/errors.ts';
import { CorrectionRepository } from '../../../src/db/classifier/index.ts';
import { PrismaRosterRepository } from '../../../src/db/repositories/roster.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { testPhoto, tinyTraining, trainDefaultHead } from './support.ts';

let db: TestDatabase;
let classifier: InProcessClassifier;
/** A second instance on the same database: a second bot process. */
let other: InProcessClassifier;
let review: CorrectionReviewService;
let classroomId: number;
let student: Requester;
let teachers: { memberId: number; classroomId: number; displayName: string }[];

const PER_DAY = 3;

async function member(name: string, role: 'student' | 'instructor') {
  const row = await db.prisma.member.create({ data: { classroomId, platformUserId: name, displayName: name, role } });
  return { memberId: row.id, classroomId, displayName: name, name };
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
  classifier = await startInProcessClassifier(tinyTraining(db.prisma, 2, { correctionsPerDay: PER_DAY }));
  other = await startInProcessClassifier(tinyTraining(db.prisma, 2, { correctionsPerDay: PER_DAY }));
  classroomId = (await db.prisma.classroom.create({ data: { platform: 'discord', externalId: 'review' } })).id;
  student = await member('mina', 'student');
  teachers = [await member('teacher-1', 'instructor'), await member('teacher-2', 'instructor')];
  review = new CorrectionReviewService(new CorrectionRepository(db.prisma), new PrismaRosterRepository(db.prisma));
  await trainDefaultHead(classifier, db.prisma);
});

afterAll(async () => {
  await other?.close();
  await classifier?.close();
  await db?.drop();
});

describe('the review queue', () => {
  it('shows a pending correction with its thumbnail, the prediction and confidence; it does not train until approved', async () => {
    const predicted = await classifier.classify(await testPhoto('bibimbap', 7), student);
    const saved = await classifier.correct(predicted.predictionId, 'beet_salad', student);
    expect(saved.pending).toBe(1);

    const queue = await review.pending(teachers[0]!);
    expect(queue.total).toBe(1);
    const [item] = queue.items;
    expect(item).toMatchObject({ label: 'beet_salad', memberName: 'mina', modelVersion: predicted.modelVersion, imageSha256: predicted.imageSha256 });
    expect(item!.predicted[0]).toEqual(predicted.classes[0]);
    expect(Buffer.from(item!.thumbnail!.subarray(0, 2)).toString('hex')).toBe('ffd8');

    const pendingRun = await classifier.train({ name: 'teacher-1', memberId: teachers[0]!.memberId, classroomId });
    expect(pendingRun.examples.corrections).toBe(0);

    expect(await review.decide(teachers[0]!, item!.id, 'approved')).toEqual({ outcome: 'decided', decision: 'approved', label: 'beet_salad' });
    const approvedRun = await classifier.train({ name: 'teacher-1', memberId: teachers[0]!.memberId, classroomId });
    expect(approvedRun.examples.corrections).toBe(1);
    expect(approvedRun.model.dataFingerprint).not.toBe(pendingRun.model.dataFingerprint);
    // Decided: out of the queue, and its thumbnail is gone with it.
    expect((await review.pending(teachers[0]!)).total).toBe(0);
    expect((await db.prisma.labelledExample.findUniqueOrThrow({ where: { id: item!.id } })).thumbnail).toBeNull();
  });

  it('records one decision when two instructors and a double click decide at once', async () => {
    const predicted = await classifier.classify(await testPhoto('baklava', 7), student);
    await classifier.correct(predicted.predictionId, 'apple_pie', student);
    const id = (await review.pending(teachers[0]!)).items[0]!.id;

    const results = await Promise.all([
      review.decide(teachers[0]!, id, 'approved'),
      review.decide(teachers[0]!, id, 'approved'),
      review.decide(teachers[1]!, id, 'rejected'),
      review.decide(teachers[1]!, id, 'rejected'),
    ]);
    const decided = results.filter((r) => r.outcome === 'decided');
    expect(decided).toHaveLength(1);
    const row = await db.prisma.labelledExample.findUniqueOrThrow({ where: { id } });
    expect(row.review).toBe(decided[0]!.outcome === 'decided' && decided[0]!.decision);
    for (const r of results.filter((x) => x.outcome !== 'decided')) {
      expect(r).toEqual({ outcome: 'already', decision: row.review, by: row.reviewedBy });
    }
    expect(await db.prisma.labelledExample.count({ where: { id, review: { in: ['approved', 'rejected'] } } })).toBe(1);
  });

  it('refuses a student, on the server, and another class’s instructor sees nothing of this class', async () => {
    expect(await code(review.pending({ memberId: student.memberId!, classroomId, displayName: 'mina' }))).toBe('instructor-only');
    expect(await code(review.decide({ memberId: student.memberId!, classroomId, displayName: 'mina' }, 1, 'approved'))).toBe('instructor-only');
    const elsewhere = (await db.prisma.classroom.create({ data: { platform: 'discord', externalId: 'elsewhere' } })).id;
    const row = await db.prisma.member.create({ data: { classroomId: elsewhere, platformUserId: 'x', displayName: 'x', role: 'instructor' } });
    const outsider = { memberId: row.id, classroomId: elsewhere, displayName: 'x' };
    const predicted = await classifier.classify(await testPhoto('beignets', 7), student);
    await classifier.correct(predicted.predictionId, 'beignets', student);
    const id = (await review.pending(teachers[0]!)).items.at(-1)!.id;
    expect((await review.pending(outsider)).total).toBe(0);
    expect(await review.decide(outsider, id, 'approved')).toEqual({ outcome: 'not-found' });
    expect((await db.prisma.labelledExample.findUniqueOrThrow({ where: { id } })).review).toBe('pending');
  });
});

describe('the daily limit', () => {
  it(`lets a member send ${PER_DAY} corrections a day, counted in Postgres across processes`, async () => {
    const counter = await member('counted', 'student');
    const predictions = await Promise.all([0, 1, 2, 3, 4].map(async (i) => classifier.classify(await testPhoto('breakfast_burrito', i), counter)));
    const results = await Promise.allSettled(predictions.map((p, i) => (i % 2 ? other : classifier).correct(p.predictionId, 'bibimbap', counter)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(PER_DAY);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as UserError);
    expect(refused.map((e) => e.code)).toEqual(['correction-limit', 'correction-limit']);
    expect(refused[0]!.text.ko).toContain('하루');
    expect(await db.prisma.labelledExample.count({ where: { memberId: counter.memberId } })).toBe(PER_DAY);
  });
});
