// Who holds a training job, and whether they are still alive. A job's owner refreshes its
// heartbeat every few seconds; a job whose heartbeat went quiet, or whose owner is a process on this
// machine that no longer exists, is abandoned and any live process may take it over.
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Processes sharing this key see the same pid numbers: one boot of one kernel, one pid namespace
 * (two containers on one host share the boot, not the namespace). Undefined where /proc can't tell.
 */
function readPidSpace(): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const namespace = readlinkSync('/proc/self/ns/pid').replace(/\D/g, '');
    return `${boot.slice(0, 8)}.${namespace}`;
  } catch {
    return '-';
  }
}

const pidSpace = readPidSpace();
/**
 * Every lease this process handed out, kept for its lifetime (a few per training run): a job of
 * this pid whose lease isn't here was left by an earlier process that had the same pid. A finished
 * run's lease stays, so a status read racing its last write never calls it dead.
 */
const issuedHere = new Set<string>();

/** A fresh lease name for one training run: readable by an operator, unique per run. */
export function newLease(): string {
  const lease = `${hostname().replaceAll('/', '_')}/${process.pid}/${pidSpace}/${randomUUID().slice(0, 8)}`;
  issuedHere.add(lease);
  return lease;
}

/**
 * True only when the owner certainly stopped: a process of this machine's pid space that is gone
 * (or an earlier holder of this very pid). Elsewhere, and for this process's own runs, only the
 * heartbeat tells.
 */
export function ownerIsGone(owner: string): boolean {
  const [pidText, space] = owner.split('/').slice(-3);
  if (space !== pidSpace || space === '-') return false;
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !issuedHere.has(owner);
  try {
    process.kill(pid, 0);
    return false; // alive (or its pid reused): wait for the heartbeat to go stale
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface LeaseView {
  owner: string | null;
  heartbeatAt: Date | null;
}

/** A job nobody is working on: released, silent for `staleAfterMs`, or owned by a process that is gone. */
export function isAbandoned(job: LeaseView, staleAfterMs: number, now = Date.now()): boolean {
  if (job.owner === null || job.heartbeatAt === null) return true;
  return job.heartbeatAt.getTime() < now - staleAfterMs || ownerIsGone(job.owner);
}
