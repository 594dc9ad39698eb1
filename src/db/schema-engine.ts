// Dev-time only (the generator script and the drift test): Prisma's schema engine compiled to
// WebAssembly, run against an in-memory PGlite, so migrations are written with no Rust binary
// and no database server. The app never imports this file.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { migrationLockFile, readMigrations } from './migrations-dir.ts';

const noFilters = { externalTables: [], externalEnums: [] };

interface WasmRuntime {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
}

// The project's lib settings carry no DOM/WebAssembly typings; this is the little used of it.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// The glue reports a Rust panic through this global before the wasm traps with a bare
// "unreachable"; keeping the message turns that trap into something a person can act on.
const panic = { message: '' };
const panicRegistry = globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
panicRegistry.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message: (m) => {
    panic.message = m;
  },
};

let loaded: Promise<void> | undefined;
let template: Promise<File | Blob> | undefined;

/**
 * An empty in-memory PGlite. initdb is most of PGlite's start-up, so it runs once per process and
 * later instances start from a copy of that fresh data directory (about 4x faster).
 */
export async function freshPglite(): Promise<PGlite> {
  template ??= (async () => {
    const first = await PGlite.create();
    try {
      return await first.dumpDataDir('none');
    } finally {
      await first.close();
    }
  })();
  return PGlite.create({ loadDataDir: await template });
}

// The package's entry point imports the .wasm as an ES module, which Node 20 can't do without a
// flag; like Prisma's CLI does with its own wasm modules, instantiate it by hand around the glue.
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const module = new wasmApi.Module(await readFile(glue.replace(/\.js$/, '.wasm')));
    const instance = new wasmApi.Instance(module, { './schema_engine_bg.js': runtime });
    (runtime as unknown as WasmRuntime).__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface EngineOptions {
  /** The engine's main database; a fresh in-memory PGlite (closed afterwards) when omitted. */
  db?: PGlite;
  log?: (message: string) => void;
}

/** Runs `work` with an engine whose shadow database is a fresh in-memory PGlite. */
export async function withSchemaEngine<T>(schema: SchemaFile, work: (engine: SchemaEngine) => Promise<T>, options: EngineOptions = {}): Promise<T> {
  await loadWasm();
  const db = options.db ?? (await freshPglite());
  // The adapter's own shadow databases are never closed; these are, when the work is done.
  const shadows: PGlite[] = [];
  const main = new PrismaPGlite(db);
  const adapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: async () => {
      const shadow = await freshPglite();
      shadows.push(shadow);
      return new PrismaPGlite(shadow).connect();
    },
  };
  // pglite-prisma-adapter is built against an older driver-adapter-utils; the shape is the same.
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory as never);
  const engine = await runtime.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, options.log ?? (() => {}), factory);
  try {
    return await work(engine);
  } catch (error) {
    if (panic.message) throw new Error(`Prisma's schema engine crashed: ${panic.message}`, { cause: error });
    throw error;
  } finally {
    // After a panic the engine can't even be freed; the error above is the one to report.
    try {
      engine.free();
    } catch {
      /* already reported */
    }
    await Promise.all(shadows.map((shadow) => shadow.close()));
    if (!options.db) await db.close();
  }
}

/** The migrations directory in the form the engine reads it. */
export async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const migrations = await readMigrations(migrationsDir);
  let lockContent: string | null = null;
  try {
    lockContent = await readFile(path.join(migrationsDir, migrationLockFile), 'utf8');
  } catch {
    lockContent = null;
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: migrationLockFile, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

/**
 * The SQL that takes a database built from the migrations to the schema, or '' when they agree.
 * The engine replays the migrations on its shadow PGlite and diffs that against the schema.
 */
export async function diffMigrationsToSchema(migrationsDir: string, schema: SchemaFile): Promise<string> {
  const from = { tag: 'migrations' as const, ...(await migrationList(migrationsDir)) };
  return withSchemaEngine(schema, async (engine) => {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    // exitCode 2 is the engine's "the diff is not empty"; the script of an empty diff is a comment.
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  });
}

export interface CreatedMigration {
  /** `<yyyyMMddHHmmss>_<name>`, the folder to write. */
  folder: string;
  sql: string;
}

/**
 * The next migration, or null when the schema needs no change. This is `prisma migrate diff
 * --from-migrations --to-schema --script`: the wasm engine's createMigration can't be given a
 * shadow database, its diff can (the adapter factory's connectToShadowDb).
 */
export async function createMigration(migrationsDir: string, schema: SchemaFile, name: string, now: Date = new Date()): Promise<CreatedMigration | null> {
  const sql = await diffMigrationsToSchema(migrationsDir, schema);
  return sql ? { folder: `${migrationTimestamp(now)}_${name}`, sql } : null;
}

/** Prisma's folder prefix: the UTC time as yyyyMMddHHmmss. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
