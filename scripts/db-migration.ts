// `npm run db:migration -- <name>`: writes prisma/migrations/<yyyyMMddHHmmss>_<name>/migration.sql
// for whatever schema.prisma has that the migrations don't yet, offline (Prisma's schema engine
// as WebAssembly over an in-memory PGlite). `--check` only reports whether they agree.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultMigrationsDir } from '../src/db/migrations-dir.ts';
import {
  createMigration,
  diffMigrationsToSchema,
  migrationLockContent,
  migrationLockFile,
} from '../src/db/schema-engine.ts';

const usage = 'Usage: npm run db:migration -- <name> [--schema prisma/schema.prisma] [--migrations prisma/migrations]\n' +
  '       npm run db:migration -- --check';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
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
      console.log('schema.prisma and the migrations agree.');
      return 0;
    }
    console.log(`schema.prisma has changes no migration holds; run npm run db:migration -- <name>. Missing SQL:\n${diff}`);
    return 1;
  }

  const name = normalizeName(positionals.join('_'));
  if (!name) {
    console.error(usage);
    return 2;
  }
  await ensureLockfile(migrationsDir);
  const created = await createMigration(migrationsDir, schema, name);
  if (!created) {
    console.log('No changes: schema.prisma and the migrations already agree; nothing written.');
    return 0;
  }
  const folder = path.join(migrationsDir, created.folder);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), created.sql);
  console.log(`Wrote ${path.relative(process.cwd(), path.join(folder, 'migration.sql'))}`);
  return 0;
}

// Prisma's CLI turns a free-form name into a folder-safe one the same way.
function normalizeName(raw: string): string {
  return raw.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 200);
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
