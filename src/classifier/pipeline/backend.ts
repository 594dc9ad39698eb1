import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** What TFJS_BACKEND may force; "auto" (or unset) tries them in this order. */
export const BACKEND_CHOICES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendInfo {
  /** The tfjs backend name now active ("tensorflow", "wasm" or "cpu"). */
  name: string;
  choice: BackendChoice;
  /** Why earlier candidates were passed over, for the log and the bench. */
  skipped: string[];
}

let chosen: Promise<BackendInfo> | undefined;

/**
 * Native bindings are optional peer dependencies that can't install on every machine; a variable
 * module name keeps TypeScript and bundlers from requiring them at build time.
 */
async function importOptional(moduleName: string): Promise<Record<string, unknown>> {
  return (await import(moduleName)) as Record<string, unknown>;
}

function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  return `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;
}

async function tryChoice(choice: BackendChoice): Promise<void> {
  switch (choice) {
    case 'tensorflow-gpu': {
      await importOptional('@tensorflow/tfjs-node-gpu');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('backend "tensorflow" did not start');
      // tfjs-node-gpu quietly runs on the CPU when CUDA finds no device; only a seen GPU is worth it.
      const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding;
      if (!binding?.isUsingGpuDevice?.()) throw new Error('tfjs-node-gpu loaded but sees no GPU');
      return;
    }
    case 'tensorflow':
      await importOptional('@tensorflow/tfjs-node');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('backend "tensorflow" did not start');
      return;
    case 'wasm': {
      // The .wasm binaries sit in the package's dist folder; Node has no page URL to find them from.
      setWasmPaths(wasmDistFolder());
      // Node reports no multithread support for tfjs' threaded build, so one thread per process;
      // parallelism comes from worker threads instead (see the benchmark).
      setThreadsCount(1);
      if (!(await tf.setBackend('wasm'))) throw new Error('backend "wasm" did not start');
      return;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('backend "cpu" did not start');
  }
}

function requestedChoices(): readonly BackendChoice[] {
  const forced = process.env.TFJS_BACKEND?.trim();
  if (!forced || forced === 'auto') return BACKEND_CHOICES;
  if (!(BACKEND_CHOICES as readonly string[]).includes(forced)) {
    throw new Error(`TFJS_BACKEND="${forced}" is not one of auto, ${BACKEND_CHOICES.join(', ')}`);
  }
  return [forced as BackendChoice];
}

async function choose(log: (line: string) => void): Promise<BackendInfo> {
  const skipped: string[] = [];
  for (const choice of requestedChoices()) {
    try {
      await tryChoice(choice);
      await tf.ready();
      const info = { name: tf.getBackend(), choice, skipped };
      log(`TensorFlow.js backend: ${info.name} (${choice})${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`);
      return info;
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      skipped.push(`${choice}: ${/Cannot find (package|module)|Could not resolve/.test(message) ? 'not installed' : message}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

/**
 * Picks the fastest backend that works here, once per process: tfjs-node-gpu with a GPU, then
 * tfjs-node, then wasm (SIMD), then plain JS. TFJS_BACKEND forces one of them. Logs the choice once.
 */
export function initBackend(log: (line: string) => void = (line) => console.info(line)): Promise<BackendInfo> {
  chosen ??= choose(log);
  return chosen;
}
