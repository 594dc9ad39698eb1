// Prints how long opening the database takes (not a test: `npx tsx test/db/bench-open.ts`).
// Embedded: first start (initdb + migrations) and a restart; PostgreSQL: a fresh database
// (migrations applied) and a reopen (history checked, nothing to apply).
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { createBlankDatabase } from '../support/database.ts';

async function timed(label: string, open: () => ReturnType<typeof openDatabase>): Promise<void> {
  const started = performance.now();
  const database = await open();
  const openMs = performance.now() - started;
  await database.prisma.classroom.count();
  await database.close();
  console.log(`${label.padEnd(36)} ${Math.round(openMs)} ms`);
}

const root = await mkdtemp(path.join(tmpdir(), 'fv-bench-'));
const dataDir = path.join(root, 'pglite');
const blank = await createBlankDatabase();
try {
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}, rss before ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
  await timed('PGlite first start (initdb+migrate)', () => openDatabase({ dataDir }));
  await timed('PGlite restart', () => openDatabase({ dataDir }));
  await timed('PostgreSQL fresh database (migrate)', () => openDatabase({ url: blank.url }));
  await timed('PostgreSQL reopen', () => openDatabase({ url: blank.url }));
  console.log(`rss after ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
} finally {
  await blank.drop();
  await rm(root, { recursive: true, force: true });
}
