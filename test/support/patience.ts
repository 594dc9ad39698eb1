// How long a test waits for something before calling it a hang. These limits are hang detectors,
// never performance checks (speed is measured by the bench scripts): a busy machine — two suites at
// once, `stress` beside it, two cores shared by several people — only makes a correct test slower,
// so every limit is far above an idle run's time and grows with how busy the machine is.
import { availableParallelism, loadavg } from 'node:os';

/** Never more patient than this by itself; TEST_TIME_SCALE may ask for more. */
const MAX_AUTOMATIC_SCALE = 5;

/**
 * TEST_TIME_SCALE=3 triples every limit (test, hook, wait, and the doubles' platform deadlines).
 * Unset, it follows the machine: the runnable work per core over the last minute (1 when idle or
 * when only this suite runs), read once when a test file starts. Never below 1.
 */
export const TIME_SCALE = process.env.TEST_TIME_SCALE
  ? Math.max(1, Number(process.env.TEST_TIME_SCALE) || 1)
  : Math.min(MAX_AUTOMATIC_SCALE, Math.max(1, Math.round((loadavg()[0]! / availableParallelism()) * 10) / 10));

/** No wait for a reply, a call or a row is shorter than this (before scaling). */
export const MIN_WAIT_MS = 30_000;

/** The limit for a wait that would take `ms` on an idle machine: at least MIN_WAIT_MS, scaled. */
export function patience(ms = MIN_WAIT_MS): number {
  return Math.round(Math.max(ms, MIN_WAIT_MS) * TIME_SCALE);
}
