// Prisma CLI settings (generate, and `migrate deploy`/`migrate status` on a machine that has
// Prisma's schema-engine binary). The app itself never reads this: it applies the same
// migrations at start-up (src/db/migrate.ts) and connects through driver adapters.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Only migrate commands need a URL; generate and validate run without one.
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
