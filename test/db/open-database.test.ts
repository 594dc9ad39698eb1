import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DatabaseUnavailableError, openDatabase } from '../../src/db/client.ts';
import { createBlankDatabase, createTestDatabase, type BlankDatabase } from '../support/database.ts';

const password = 's3cret-Pa55';

async function failure(url: string): Promise<DatabaseUnavailableError> {
  const error = await openDatabase({ url }).then(
    () => {
      throw new Error('openDatabase should have failed');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  return error as DatabaseUnavailableError;
}

/** What the main program prints: the message alone, which must be one clean sentence. */
function expectOneCleanSentence(message: string) {
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(message).not.toContain(password);
  expect(message).toMatch(/[.?]$/);
}

describe('openDatabase on PostgreSQL', () => {
  test('a server that is down: one sentence naming host, port and database, no password', async () => {
    const error = await failure(`postgresql://fv:${password}@127.0.0.1:1/fv`);
    expect(error.message).toBe('Cannot reach PostgreSQL at 127.0.0.1:1 (database fv). Is the server running and DATABASE_URL right?');
    expectOneCleanSentence(error.message);
  });

  test('a server that accepts but never answers: gives up after the connect timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await failure(`postgresql://fv:${password}@127.0.0.1:${port}/fv`);
      expect(error.message).toBe(`Cannot reach PostgreSQL at 127.0.0.1:${port} (database fv). Is the server running and DATABASE_URL right?`);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('a database this login may not create tables in: one sentence, no stack', async () => {
    const blank = await createBlankDatabase();
    const role = `fv_reader_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: blank.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${role}" LOGIN`);
      // PostgreSQL 15+: a plain role may use the public schema but not create in it.
      await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC, "${role}"`);
      const url = new URL(blank.url);
      url.username = role;
      url.password = password;
      const error = await failure(url.toString());
      expect(error.message).toBe(`Cannot prepare PostgreSQL 127.0.0.1:5432/${blank.name} (user ${role}): permission denied for schema public.`);
      expectOneCleanSentence(error.message);
    } finally {
      await admin.end();
      await blank.drop();
      const cleanup = new pg.Client({ connectionString: blank.url.replace(`/${blank.name}`, '/postgres') });
      await cleanup.connect();
      await cleanup.query(`DROP ROLE IF EXISTS "${role}"`);
      await cleanup.end();
    }
  });

  test('a database that does not exist', async () => {
    const name = `fv_missing_${randomBytes(4).toString('hex')}`;
    const error = await failure(`postgresql://postgres:${password}@127.0.0.1:5432/${name}`);
    expect(error.message).toBe(`PostgreSQL at 127.0.0.1:5432 has no database "${name}". Create it (createdb ${name}) or fix DATABASE_URL.`);
    expectOneCleanSentence(error.message);
  });

  test('a login the server refuses', async () => {
    const error = await failure(`postgresql://nobody_${randomBytes(3).toString('hex')}:${password}@127.0.0.1:5432/postgres`);
    expect(error.message).toMatch(
      /^PostgreSQL at 127\.0\.0\.1:5432 refused the login of user "nobody_[0-9a-f]+" \(database postgres\)\. Check the user and password in DATABASE_URL\.$/,
    );
    expectOneCleanSentence(error.message);
  });

  test('a malformed URL is refused without echoing it', async () => {
    const error = await failure(`postgres//fv:${password}@db`);
    expect(error.message).toMatch(/^DATABASE_URL is not a valid PostgreSQL URL/);
    expectOneCleanSentence(error.message);
    const wrongScheme = await failure(`mysql://fv:${password}@127.0.0.1/fv`);
    expect(wrongScheme.message).toBe('DATABASE_URL must start with postgresql:// (it starts with mysql://).');
  });

  describe('a reachable database', () => {
    let blank: BlankDatabase;
    beforeAll(async () => {
      blank = await createBlankDatabase();
    });
    afterAll(async () => {
      await blank.drop();
    });

    test('is migrated, usable, and described without the password', async () => {
      const url = new URL(blank.url);
      url.password = password; // the local server trusts 127.0.0.1, so any password logs in
      const lines: string[] = [];
      const database = await openDatabase({ url: url.toString(), log: (line) => lines.push(line) });
      try {
        expect(database.kind).toBe('postgres');
        expect(database.describe).toBe(`PostgreSQL 127.0.0.1:5432/${blank.name} (user postgres)`);
        expect(database.describe).not.toContain(password);
        expect(lines.some((line) => /^Applied migration \d{14}_init$/.test(line))).toBe(true);
        const classroom = await database.prisma.classroom.create({
          data: { platform: 'discord', externalId: 'guild-1', name: '전이학습 반 🍜', photoChannels: ['c1'] },
        });
        expect(await database.prisma.classroom.findUnique({ where: { id: classroom.id } })).toMatchObject({
          name: '전이학습 반 🍜',
          defaultLanguage: 'ko',
          photoChannels: ['c1'],
        });
      } finally {
        await database.close();
      }
    });
  });

  test('test/support/database.ts gives a migrated database of its own and drops it', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    expect(first.url).not.toBe(second.url);
    await first.prisma.classroom.create({ data: { platform: 'slack', externalId: 'T1' } });
    expect(await second.prisma.classroom.count()).toBe(0);
    await first.drop();
    await second.drop();
    const error = await failure(first.url);
    expect(error.message).toMatch(/has no database "fv_test_[0-9a-f]+"/);
  });
});
