import { defineConfig } from 'vitest/config';
import { TIME_SCALE } from './test/support/patience.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks keep native modules (sharp, wasm) and PGlite instances apart between files; two
    // workers match the two cores every dev and CI machine has.
    pool: 'forks',
    maxWorkers: 2,
    // Hang detectors, not speed checks (test/support/patience.ts): an idle run's slowest test takes
    // a few seconds, a loaded one has taken 87 s (two cold starts of the program). Heavy shared setup
    // (training the first head, a cold TF.js backbone) runs in beforeAll, under the longer limit.
    testTimeout: 180_000 * TIME_SCALE,
    hookTimeout: 300_000 * TIME_SCALE,
    teardownTimeout: 60_000 * TIME_SCALE,
  },
});
