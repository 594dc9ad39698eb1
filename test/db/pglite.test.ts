import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DatabaseUnavailableError, openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { readMigrations } from '../../src/db/migrations-dir.ts';
import { pgliteSession } from '../../src/db/sql-session.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'fv-pglite-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('the embedded database is created on first start and keeps its data across restarts', async () => {
  const dataDir = path.join(root, 'nested', 'pglite'); // parents don't exist yet
  const firstLog: string[] = [];
  const first = await openDatabase({ dataDir, log: (line) => firstLog.push(line) });
  expect(first.kind).toBe('pglite');
  expect(first.describe).toBe(`embedded PGlite in ${dataDir}`);
  const classroom = await first.prisma.classroom.create({
    data: { platform: 'console', externalId: 'local', name: '콘솔 교실', photoChannels: ['general'] },
  });
  const member = await first.prisma.member.create({
    data: { classroomId: classroom.id, platformUserId: 'me', displayName: 'Ada 🍱', role: 'instructor' },
  });
  await first.prisma.lessonProgress.create({ data: { memberId: member.id, lessonId: 7, sectionsSeen: [0, 2] } });

  // A second process on the same folder would corrupt it: refused while the first has it open.
  const busy = openDatabase({ dataDir });
  await expect(busy).rejects.toBeInstanceOf(DatabaseUnavailableError);
  await expect(busy).rejects.toThrow(`The embedded database in ${dataDir} is in use by another process (pid ${process.pid})`);
  await first.close();
  await first.close(); // a second close is harmless
  // A lock left behind by a process that died is taken over.
  await writeFile(`${dataDir}.lock`, '2147483646');

  const secondLog: string[] = [];
  const second = await openDatabase({ dataDir, log: (line) => secondLog.push(line) });
  try {
    const found = await second.prisma.classroom.findUnique({
      where: { platform_externalId: { platform: 'console', externalId: 'local' } },
      include: { members: { include: { progress: true } } },
    });
    expect(found).toMatchObject({ name: '콘솔 교실', photoChannels: ['general'] });
    expect(found?.members[0]).toMatchObject({ displayName: 'Ada 🍱', role: 'instructor' });
    expect(found?.members[0]?.progress[0]?.sectionsSeen).toEqual([0, 2]);
    const names = (await readMigrations()).map((m) => `Applied migration ${m.name}`);
    expect(firstLog).toEqual(names);
    expect(secondLog).toEqual([]);
    expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
  } finally {
    await second.close();
  }
});

test('two migrate calls on one PGlite connection at once apply each migration once', async () => {
  const db = new PGlite();
  try {
    const session = pgliteSession(db, 'in-memory PGlite');
    const results = await Promise.all([migrate(session), migrate(session)]);
    const total = (await readMigrations()).length;
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, total]);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows.rows[0]?.n).toBe(total);
  } finally {
    await db.close();
  }
});

test('a data directory that cannot be created is reported in one sentence', async () => {
  const blocker = path.join(root, 'a-file');
  await writeFile(blocker, 'not a directory');
  await expect(openDatabase({ dataDir: path.join(blocker, 'pglite') })).rejects.toThrow(/^Cannot open the embedded database in .*a-file\/pglite: /);
});
