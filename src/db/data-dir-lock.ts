import { readFile, unlink, writeFile } from 'node:fs/promises';
import { DatabaseUnavailableError } from './errors.ts';

/**
 * PGlite is a whole PostgreSQL inside this process, with no server to arbitrate: two processes
 * on one data directory would corrupt it. A pid file next to the directory keeps a second
 * start out; one left by a process that died is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return () => unlink(lockPath).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new DatabaseUnavailableError(
        `The embedded database in ${dataDir} is in use by another process (pid ${owner}); stop it first, or set DATABASE_URL so both can share a PostgreSQL server.`,
      );
    }
    await unlink(lockPath).catch(() => {});
  }
  throw new DatabaseUnavailableError(`Cannot lock the embedded database in ${dataDir} (${lockPath} keeps coming back).`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just isn't ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
