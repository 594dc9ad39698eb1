// A core over the real Postgres: one fresh database per test file, and members who join it.
import { createCoreServices, type CoreServices } from '../../src/app/services.ts';
import type { ResolvedCaller, Role } from '../../src/core/context.ts';
import { loadLessons, type LessonCatalog } from '../../src/core/lessons/content.ts';
import type { ClassroomStore, MemberRef } from '../../src/core/ports.ts';
import { createPrismaStore } from '../../src/db/repositories/index.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

export interface CoreFixture {
  db: TestDatabase;
  prisma: PrismaClient;
  store: ClassroomStore;
  catalog: LessonCatalog;
  services: CoreServices;
  /** A member of `classroom` (default: a classroom of this fixture's own), created on first use. */
  join(name: string, options?: { role?: Role; classroom?: string; locale?: string }): Promise<ResolvedCaller & MemberRef>;
}

export async function createCoreFixture(): Promise<CoreFixture> {
  const db = await createTestDatabase();
  const catalog = await loadLessons();
  const store = createPrismaStore(db.prisma);
  const services = createCoreServices(store, catalog);
  return {
    db,
    prisma: db.prisma,
    store,
    catalog,
    services,
    join: (name, options = {}) =>
      services.roster.resolve(
        { platform: 'console', externalId: options.classroom ?? 'main' },
        {
          platformUserId: name.toLowerCase(),
          displayName: name,
          platformRole: options.role ?? 'student',
          ...(options.locale ? { locale: options.locale } : {}),
        },
      ),
  };
}

/** Runs `work` and returns the UserError code it threw (fails the test when it threw nothing). */
export async function userErrorCode(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((error as Error).name === 'UserError' && typeof code === 'string') return code;
    throw error;
  }
  throw new Error('expected a UserError, but the call succeeded');
}
