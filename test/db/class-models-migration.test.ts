// The per-class migration on a database holding rows from before it: versions, jobs and corrections
// go to their classroom (or the sole one), the active head stays with the class that trained it, and
// an open job keeps its one slot.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';
import { connect, tempMigrations, type PgConnection, type TempMigrations } from './temp-migrations.ts';

const MIGRATION = '20261202000756_class_models';
const SHA = (n: number) => String(n).padStart(64, '0');

let blank: BlankDatabase;
let migrations: TempMigrations;
let c: PgConnection;
let sql: string;

beforeEach(async () => {
  blank = await createBlankDatabase();
  migrations = await tempMigrations();
  sql = await readFile(path.join(migrations.dir, MIGRATION, 'migration.sql'), 'utf8');
  await rm(path.join(migrations.dir, MIGRATION), { recursive: true });
  c = await connect(blank.url);
  await migrate(c.session, { migrationsDir: migrations.dir });
});

afterEach(async () => {
  await c.close();
  await blank.drop();
  await migrations.remove();
});

async function q<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await c.client.query(text, values)).rows as T[];
}

async function classroom(externalId: string): Promise<number> {
  const [row] = await q<{ id: number }>(`INSERT INTO "Classroom" ("platform", "externalId") VALUES ('slack', $1) RETURNING "id"`, [externalId]);
  return row!.id;
}

async function member(classroomId: number, user: string): Promise<number> {
  const [row] = await q<{ id: number }>(`INSERT INTO "Member" ("classroomId", "platformUserId", "displayName") VALUES ($1, $2, $2) RETURNING "id"`, [
    classroomId,
    user,
  ]);
  return row!.id;
}

async function version(n: number, trainedBy: string, memberId: number | null, active: boolean): Promise<number> {
  const [row] = await q<{ id: number }>(
    `INSERT INTO "ModelVersion" ("version", "backboneId", "labels", "weights", "metrics", "dataFingerprint", "trainedBy", "trainedByMember", "active")
     VALUES ($1, 1, ARRAY['a','b'], '{}', '{}', 'f', $2, $3, $4) RETURNING "id"`,
    [n, trainedBy, memberId, active ? true : null],
  );
  return row!.id;
}

async function prediction(classroomId: number | null, memberId: number, modelVersionId: number): Promise<number> {
  const [row] = await q<{ id: number }>(
    `INSERT INTO "Prediction" ("memberId", "classroomId", "modelVersionId", "imageSha256", "topClasses", "notSure") VALUES ($1, $2, $3, $4, '[]', false) RETURNING "id"`,
    [memberId, classroomId, modelVersionId, SHA(memberId)],
  );
  return row!.id;
}

async function applyIt(): Promise<void> {
  await migrations.add(MIGRATION, sql);
  const result = await migrate(c.session, { migrationsDir: migrations.dir });
  expect(result.applied).toEqual([MIGRATION]);
}

describe('the class-models migration', () => {
  test('two classrooms: each row goes to its member’s class, the trainer keeps its active head, the others return to the shipped one', async () => {
    await q(`INSERT INTO "Backbone" ("name", "featureSize") VALUES ('mobilenet', 768)`);
    const [a, b] = [await classroom('T-A'), await classroom('T-B')];
    const [teacherA, studentB] = [await member(a, 'teacher-a'), await member(b, 'student-b')];
    const shipped = await version(1, 'shipped default head (models/heads)', null, false);
    const trained = await version(2, 'teacher-a', teacherA, true);
    const fromHttp = await version(3, 'http client', null, false);
    const predicted = await prediction(b, studentB, trained);
    await q(`INSERT INTO "LabelledExample" ("imageSha256", "label", "source") VALUES ($1, 'a', 'dataset')`, [SHA(1)]);
    await q(`INSERT INTO "LabelledExample" ("imageSha256", "label", "source", "memberId", "predictionId") VALUES ($1, 'b', 'correction', $2, $3)`, [
      SHA(2),
      studentB,
      predicted,
    ]);
    await q(`INSERT INTO "TrainingJob" ("requestedBy", "requestedByMemberId", "state", "openSlot") VALUES ('teacher-a', $1, 'running', true)`, [teacherA]);
    await q(`INSERT INTO "TrainingJob" ("requestedBy", "state", "openSlot") VALUES ('done one', 'done', null)`);

    await applyIt();

    const versions = await q<{ id: number; classroomId: number | null; active: boolean | null }>(
      `SELECT "id", "classroomId", "active" FROM "ModelVersion" ORDER BY "version"`,
    );
    expect(versions).toEqual([
      { id: shipped, classroomId: null, active: null },
      { id: trained, classroomId: a, active: null },
      // no member and two classes: nobody can say whose, so it stays shared and becomes the default
      { id: fromHttp, classroomId: null, active: true },
    ]);
    expect(await q(`SELECT "classroomId", "modelVersionId" FROM "ClassroomModel"`)).toEqual([{ classroomId: a, modelVersionId: trained }]);
    expect(await q(`SELECT "source", "classroomId", "review" FROM "LabelledExample" ORDER BY "id"`)).toEqual([
      { source: 'dataset', classroomId: null, review: null },
      { source: 'correction', classroomId: b, review: 'pending' },
    ]);
    expect(await q(`SELECT "requestedBy", "classroomId", "openSlot", "state" FROM "TrainingJob" ORDER BY "id"`)).toEqual([
      { requestedBy: 'teacher-a', classroomId: a, openSlot: a, state: 'running' },
      { requestedBy: 'done one', classroomId: null, openSlot: null, state: 'done' },
    ]);
  });

  test('one classroom: rows that name no member are the sole class’s, the shipped head stays shared', async () => {
    await q(`INSERT INTO "Backbone" ("name", "featureSize") VALUES ('mobilenet', 768)`);
    const only = await classroom('T-ONLY');
    const shipped = await version(1, 'shipped default head (models/heads)', null, false);
    const trained = await version(2, 'http client', null, true);
    await q(`INSERT INTO "LabelledExample" ("imageSha256", "label", "source") VALUES ($1, 'b', 'correction')`, [SHA(3)]);
    await q(`INSERT INTO "TrainingJob" ("requestedBy", "state", "openSlot") VALUES ('http client', 'queued', true)`);

    await applyIt();

    expect(await q(`SELECT "id", "classroomId", "active" FROM "ModelVersion" ORDER BY "version"`)).toEqual([
      { id: shipped, classroomId: null, active: true },
      { id: trained, classroomId: only, active: null },
    ]);
    expect(await q(`SELECT "classroomId", "modelVersionId" FROM "ClassroomModel"`)).toEqual([{ classroomId: only, modelVersionId: trained }]);
    expect(await q(`SELECT "classroomId", "review" FROM "LabelledExample"`)).toEqual([{ classroomId: only, review: 'pending' }]);
    expect(await q(`SELECT "classroomId", "openSlot", "state" FROM "TrainingJob"`)).toEqual([{ classroomId: only, openSlot: only, state: 'queued' }]);
  });

  test('an open job no class can be found for is failed with its reason, and a class may then open one', async () => {
    const a = await classroom('T-A');
    await classroom('T-B');
    await q(`INSERT INTO "TrainingJob" ("requestedBy", "state", "openSlot") VALUES ('http client', 'queued', true)`);

    await applyIt();

    const [job] = await q<{ state: string; openSlot: number | null; error: string }>(`SELECT "state", "openSlot", "error" FROM "TrainingJob"`);
    expect(job).toMatchObject({ state: 'failed', openSlot: null });
    expect(job!.error).toMatch(/before heads were per class/);
    await q(`INSERT INTO "TrainingJob" ("requestedBy", "classroomId", "openSlot") VALUES ('teacher-a', $1, $1)`, [a]);
    await expect(q(`INSERT INTO "TrainingJob" ("requestedBy", "classroomId", "openSlot") VALUES ('again', $1, $1)`, [a])).rejects.toThrow(/unique/);
  });
});
