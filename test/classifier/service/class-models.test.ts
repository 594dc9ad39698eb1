// A model per class on real Postgres with the real backbone: each class trains, activates and rolls
// back its own head while another class's predictions stay exactly as they were; a new head goes
// active only when it is at least as good as the class's active one on the same evaluation photos.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { trainedReply } from '../../../src/classifier/service/model-replies.ts';
import type { Requester } from '../../../src/classifier/service/types.ts';
import { UserError } from '../../../src/core/errors.ts';
import { buttons } from '../../commands/fixture.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { DATASET, testPhoto, tinyTraining, trainDefaultHead } from './support.ts';

const EVALUATION = { dir: path.join(DATASET, 'test'), perClass: 5 };
const PNG = '89504e470d0a1a0a';

let db: TestDatabase;
/** Trains on 8 photos a class: the shared default (as a shipped head would be) and class B's run. */
let rich: InProcessClassifier;
/** Trains on 1 photo a class for 3 epochs: class A's weak first run. */
let poor: InProcessClassifier;
let teacherA: Requester;
let teacherB: Requester;
let defaultVersion: number;

async function classWithTeacher(externalId: string): Promise<Requester> {
  const classroom = await db.prisma.classroom.create({ data: { platform: 'slack', externalId } });
  const member = await db.prisma.member.create({
    data: { classroomId: classroom.id, platformUserId: `t-${externalId}`, displayName: `teacher ${externalId}`, role: 'instructor' },
  });
  return { name: member.displayName, memberId: member.id, classroomId: classroom.id };
}

beforeAll(async () => {
  db = await createTestDatabase();
  rich = await startInProcessClassifier(tinyTraining(db.prisma, 8, { evaluationData: EVALUATION, training: { epochs: 60, folds: 1 } }));
  // Three epochs on one photo a class: a head that has barely begun to learn.
  poor = await startInProcessClassifier(tinyTraining(db.prisma, 1, { evaluationData: EVALUATION, training: { epochs: 3, folds: 1 } }));
  teacherA = await classWithTeacher('A');
  teacherB = await classWithTeacher('B');
  defaultVersion = await trainDefaultHead(rich, db.prisma);
});

afterAll(async () => {
  await poor?.close();
  await rich?.close();
  await db?.drop();
});

describe('a model per class', () => {
  it('keeps a weaker head as a candidate, shows both heads on the same photos, and changes no class’s predictions', async () => {
    const photo = await testPhoto('baklava', 4);
    const beforeA = await poor.classify(photo, teacherA);
    const beforeB = await rich.classify(photo, teacherB);
    expect(beforeA.modelVersion).toBe(defaultVersion);

    const result = await poor.train(teacherA);

    expect(result.comparison?.active?.version).toBe(defaultVersion);
    expect(result.comparison?.photos).toBe(35);
    const [candidate, active] = [result.comparison!.candidate.metrics, result.comparison!.active!.metrics];
    expect(candidate.examples).toBe(35);
    expect(active.examples).toBe(35);
    expect(candidate.accuracy).toBeLessThan(active.accuracy);
    expect(result.activated).toBe(false);
    expect(result.model).toMatchObject({ active: false, own: true });
    expect(Buffer.from(result.comparisonPngs!.candidate.subarray(0, 8)).toString('hex')).toBe(PNG);
    expect(Buffer.from(result.comparisonPngs!.active!.subarray(0, 8)).toString('hex')).toBe(PNG);
    // Both classes still predict with the default head, with the very same numbers.
    expect((await poor.classify(photo, teacherA)).classes).toEqual(beforeA.classes);
    expect((await rich.classify(photo, teacherB)).classes).toEqual(beforeB.classes);

    const reply = trainedReply(result, 'en');
    const ids = buttons(reply).map((b) => b.actionId);
    expect(ids).toEqual([`model:activate:${result.model.version}`, `model:discard:${result.model.version}`]);
    expect(reply.blocks.filter((b) => b.kind === 'image')).toHaveLength(3);
    const table = reply.blocks.find((b) => b.kind === 'code' && b.text.startsWith('recall'));
    expect(table?.kind === 'code' && table.text).toContain(`v${defaultVersion}`);
  });

  it('activates a head at least as good, for its own class only; rollback and activate stay per class', async () => {
    const photo = await testPhoto('bibimbap', 4);
    const beforeA = await poor.classify(photo, teacherA);

    // Same photos and seed as the default head: the same weights, so exactly as good.
    const result = await rich.train(teacherB);
    expect(result.comparison!.candidate.metrics.accuracy).toBe(result.comparison!.active!.metrics.accuracy);
    expect(result.activated).toBe(true);
    expect((await rich.classify(photo, teacherB)).modelVersion).toBe(result.model.version);
    expect((await poor.classify(photo, teacherA)).classes).toEqual(beforeA.classes);
    expect((await poor.classify(photo, teacherA)).modelVersion).toBe(defaultVersion);

    // Class A's own candidate: its instructor may choose it whatever the gate said…
    const candidate = (await poor.listModels(teacherA)).find((m) => m.own && !m.active)!;
    await poor.activate(candidate.version, teacherA);
    expect((await poor.classify(photo, teacherA)).modelVersion).toBe(candidate.version);
    expect((await rich.classify(photo, teacherB)).modelVersion).toBe(result.model.version);
    // …and roll back to the shared default; class B's version is not A's to take.
    await poor.activate(defaultVersion, teacherA);
    expect((await poor.classify(photo, teacherA)).modelVersion).toBe(defaultVersion);
    const refused = await poor.activate(result.model.version, teacherA).catch((e: unknown) => e);
    expect((refused as UserError).code).toBe('version-not-found');
    expect((await poor.listModels(teacherA)).map((m) => m.version)).not.toContain(result.model.version);
  });

  it('loads each class’s head once and keeps the loaded heads bounded', async () => {
    const bounded = await startInProcessClassifier(tinyTraining(db.prisma, 1, { headsKept: 1 }));
    try {
      const photo = await testPhoto('beignets', 1);
      const a = await bounded.classify(photo, teacherA);
      const b = await bounded.classify(photo, teacherB);
      expect(a.modelVersion).not.toBe(b.modelVersion);
      expect(bounded.heads.size).toBe(1);
      expect((await bounded.classify(photo, teacherA)).classes).toEqual(a.classes);
    } finally {
      await bounded.close();
    }
  });

  it('refuses to train without a class', async () => {
    const error = await poor.train({ name: 'somebody' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('classroom-required');
  });
});
