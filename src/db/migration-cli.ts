// What `npm run db:migration` does, kept apart from its process wrapper (scripts/db-migration.ts)
// so tests run it in-process. Dev-time only, like schema-engine.ts.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultMigrationsDir, migrationLockContent, migrationLockFile } from './migrations-dir.ts';
import { createMigration, diffMigrationsToSchema } from './schema-engine.ts';

const usage =
  'Usage: npm run db:migration -- <name> [--schema prisma/schema.prisma] [--migrations prisma/migrations]\n' + '       npm run db:migration -- --check';

/** Runs the command; returns the exit code, and says what it did through `out`. */
export async function runMigrationCli(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      schema: { type: 'string', default: 'prisma/schema.prisma' },
      migrations: { type: 'string', default: defaultMigrationsDir },
      check: { type: 'boolean', default: false },
    },
  });
  const schemaPath = path.resolve(values.schema);
  const migrationsDir = path.resolve(values.migrations);
  const schema = { path: path.basename(schemaPath), content: await readFile(schemaPath, 'utf8') };

  if (values.check) {
    const diff = await diffMigrationsToSchema(migrationsDir, schema);
    if (!diff) {
      out('schema.prisma and the migrations agree.');
      return 0;
    }
    out(`schema.prisma has changes no migration holds; run npm run db:migration -- <name>. Missing SQL:\n${diff}`);
    return 1;
  }

  const name = normalizeName(positionals.join('_'));
  if (!name) {
    out(usage);
    return 2;
  }
  await ensureLockfile(migrationsDir);
  const created = await createMigration(migrationsDir, schema, name);
  if (!created) {
    out('No changes: schema.prisma and the migrations already agree; nothing written.');
    return 0;
  }
  const file = path.join(migrationsDir, created.folder, 'migration.sql');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, created.sql);
  out(`Wrote ${path.relative(process.cwd(), file)}`);
  return 0;
}

// Like Prisma's CLI: a free-form name becomes a folder-safe one.
function normalizeName(raw: string): string {
  return raw
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

async function ensureLockfile(migrationsDir: string): Promise<void> {
  const lockPath = path.join(migrationsDir, migrationLockFile);
  try {
    await access(lockPath);
  } catch {
    await mkdir(migrationsDir, { recursive: true });
    await writeFile(lockPath, migrationLockContent);
  }
}
