// `npm run db:migration -- <name>`: writes prisma/migrations/<yyyyMMddHHmmss>_<name>/migration.sql
// for whatever schema.prisma has that the migrations don't yet, offline (Prisma's schema engine
// as WebAssembly over an in-memory PGlite). `--check` only reports whether they agree.
import { runMigrationCli } from '../src/db/migration-cli.ts';

runMigrationCli(process.argv.slice(2), (line) => console.log(line)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
