// Runs `prisma generate` after `npm ci`. Prisma 7's CLI insists on a schema engine path even though
// generation never runs it, and this machine cannot download one; any existing file satisfies the check.
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
