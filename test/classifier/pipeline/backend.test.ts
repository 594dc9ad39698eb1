import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';

// initBackend chooses once per process, so each case imports a fresh copy of the module.
async function freshInit() {
  vi.resetModules();
  return (await import('../../../src/classifier/pipeline/backend.ts')).initBackend;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('TF.js backend choice', () => {
  it('falls back past the native bindings that are not installed, to wasm, and logs the choice once', async () => {
    vi.stubEnv('TFJS_BACKEND', '');
    const initBackend = await freshInit();
    const lines: string[] = [];
    const info = await initBackend((line) => lines.push(line));
    await initBackend((line) => lines.push(line));
    expect(info).toMatchObject({ name: 'wasm', choice: 'wasm' });
    expect(info.skipped).toEqual(['tensorflow-gpu: not installed', 'tensorflow: not installed']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('TensorFlow.js backend: wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('TFJS_BACKEND forces a backend, and an unknown value is refused', async () => {
    vi.stubEnv('TFJS_BACKEND', 'cpu');
    const info = await (await freshInit())(() => {});
    expect(info).toMatchObject({ name: 'cpu', choice: 'cpu', skipped: [] });
    vi.stubEnv('TFJS_BACKEND', 'tpu');
    await expect((await freshInit())(() => {})).rejects.toThrow('TFJS_BACKEND="tpu"');
  });
});
