// schema.prisma and prisma/migrations must describe the same database. Prisma's own schema
// engine (WebAssembly, over in-memory PGlite) is the judge, so a model edited without a
// migration fails here, and our start-up runner's history is checked against what Prisma reads.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { runMigrationCli } from '../../src/db/migration-cli.ts';
import { defaultMigrationsDir, readMigrations } from '../../src/db/migrations-dir.ts';
import { diffMigrationsToSchema, freshPglite, migrationList, withSchemaEngine } from '../../src/db/schema-engine.ts';
import { pgliteSession } from '../../src/db/sql-session.ts';
import { tempMigrations } from './temp-migrations.ts';

const schemaPath = path.resolve('prisma/schema.prisma');
const realSchema = async () => ({ path: 'schema.prisma', content: await readFile(schemaPath, 'utf8') });
const noFilters = { externalTables: [], externalEnums: [] };

/** The real schema with one field and one model more than the migrations know. */
async function driftedSchema() {
  const schema = await realSchema();
  const content = `${schema.content.replace(
    /model Classroom \{\n/,
    'model Classroom {\n  motto String?\n',
  )}\nmodel Drift {\n  id Int @id @default(autoincrement())\n}\n`;
  expect(content).toContain('motto String?');
  return { ...schema, content };
}

async function historyColumns(db: PGlite) {
  const result = await db.query(
    `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
  );
  return result.rows;
}

describe('schema.prisma and prisma/migrations', () => {
  test('agree: replaying every migration gives exactly the schema (if this fails, run npm run db:migration -- <name>)', async () => {
    expect(await diffMigrationsToSchema(defaultMigrationsDir, await realSchema())).toBe('');
  });

  test('the same check fails when the schema has a change no migration holds', async () => {
    const diff = await diffMigrationsToSchema(defaultMigrationsDir, await driftedSchema());
    expect(diff).toContain('ALTER TABLE "Classroom" ADD COLUMN     "motto" TEXT');
    expect(diff).toContain('CREATE TABLE "Drift"');
  });
});

test("an engine crash is reported with the engine's own reason, not a bare wasm trap", async () => {
  const crash = withSchemaEngine(await realSchema(), async (engine) => engine.debugPanic());
  await expect(crash).rejects.toThrow(/^Prisma's schema engine crashed: panicked at .*This is the debugPanic artificial panic/s);
});

describe('our start-up runner and Prisma migrate read the same history', () => {
  test('Prisma sees our rows as applied, with matching checksums, and finds nothing to do', async () => {
    const db = await freshPglite();
    try {
      await migrate(pgliteSession(db, 'in-memory PGlite'));
      const migrationsList = await migrationList(defaultMigrationsDir);
      await withSchemaEngine(
        await realSchema(),
        async (engine) => {
          const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilters });
          expect(diagnosis).toMatchObject({ hasMigrationsTable: true, history: null, editedMigrationNames: [], failedMigrationNames: [] });
          const deploy = await engine.applyMigrations({ migrationsList, filters: noFilters });
          expect(deploy.appliedMigrationNames).toEqual([]);

          // Prisma does compare checksums: an edited file is flagged, so the agreement above means something.
          const [first, ...rest] = migrationsList.migrationDirectories;
          const edited = {
            ...migrationsList,
            migrationDirectories: [
              { ...first!, migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: '-- edited\nSELECT 1;' } } },
              ...rest,
            ],
          };
          const flagged = await engine.diagnoseMigrationHistory({ migrationsList: edited, optInToShadowDatabase: false, filters: noFilters });
          expect(flagged.editedMigrationNames).toEqual([first!.path]);
        },
        { db },
      );
    } finally {
      await db.close();
    }
  });

  test('a database migrated by Prisma is accepted by our runner, with the same table and checksums', async () => {
    const byPrisma = await freshPglite();
    const byUs = await freshPglite();
    try {
      const migrationsList = await migrationList(defaultMigrationsDir);
      await withSchemaEngine(
        await realSchema(),
        async (engine) => {
          const deploy = await engine.applyMigrations({ migrationsList, filters: noFilters });
          expect(deploy.appliedMigrationNames).toEqual(migrationsList.migrationDirectories.map((m) => m.path));
        },
        { db: byPrisma },
      );

      const result = await migrate(pgliteSession(byPrisma, 'PGlite migrated by Prisma'));
      expect(result.applied).toEqual([]);
      await migrate(pgliteSession(byUs, 'PGlite migrated by us'));

      expect(await historyColumns(byUs)).toEqual(await historyColumns(byPrisma));
      const prismaRows = await byPrisma.query<{ migration_name: string; checksum: string }>(
        'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(prismaRows.rows).toEqual((await readMigrations()).map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    } finally {
      await Promise.all([byPrisma.close(), byUs.close()]);
    }
  });
});

describe('npm run db:migration', () => {
  test('writes the missing migration, after which schema and migrations agree', async () => {
    const migrations = await tempMigrations();
    const schemaFile = path.join(migrations.dir, 'drifted.prisma');
    await writeFile(schemaFile, (await driftedSchema()).content);
    const run = async (...args: string[]) => {
      const lines: string[] = [];
      const code = await runMigrationCli([...args, '--schema', schemaFile, '--migrations', migrations.dir], (l) => lines.push(l));
      return { code, output: lines.join('\n') };
    };
    try {
      const before = (await readMigrations(migrations.dir)).length;
      expect(await run('--check')).toMatchObject({ code: 1, output: expect.stringContaining('CREATE TABLE "Drift"') });

      const created = await run('add', 'motto');
      expect(created.code).toBe(0);
      expect(created.output).toMatch(/^Wrote .*\d{14}_add_motto\/migration\.sql$/);
      const after = await readMigrations(migrations.dir);
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)?.name).toMatch(/^\d{14}_add_motto$/);
      expect(after.at(-1)?.sql).toContain('CREATE TABLE "Drift"');

      expect(await run('add', 'again')).toEqual({ code: 0, output: expect.stringContaining('No changes') });
      expect(await run('--check')).toEqual({ code: 0, output: 'schema.prisma and the migrations agree.' });
      expect(await readMigrations(migrations.dir)).toHaveLength(before + 1);
    } finally {
      await migrations.remove();
    }
  });

  test('without a name it prints the usage and writes nothing', async () => {
    const lines: string[] = [];
    expect(await runMigrationCli([], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/^Usage: npm run db:migration -- <name>/);
  });
});
