import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../core/errors.ts';
import type { EmbedReply, EmbedRequest } from './embed-worker.ts';
import type { View } from './preprocess.ts';
import { PLAIN_VIEW } from './preprocess.ts';

/**
 * Workers run our TypeScript sources through tsx's loader, as the main process does; `--import tsx`
 * in execArgv does not reach worker threads on Node 20, so a tiny bootstrap registers it first.
 */
const WORKER_BOOTSTRAP = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./embed-worker.ts', import.meta.url).href)}); });
`;

export interface EmbedPoolOptions {
  backbone: string;
  /** Defaults to one per core. */
  workers?: number;
}

/**
 * Worker threads that each hold a backbone and embed batches of photo bytes in parallel. Used for
 * bulk work (embedding a training set, throughput); single predictions stay in process.
 */
export interface EmbedPool {
  readonly size: number;
  /** Plain-view (or given view) features for each photo, in order; a bad photo rejects the batch. */
  embed(photos: readonly Uint8Array[], view?: View): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export async function createEmbedPool(options: EmbedPoolOptions): Promise<EmbedPool> {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const workers = Array.from({ length: size }, () => new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { backbone: options.backbone } }));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
    ),
  );
  const idle = [...workers];
  const waiting: ((worker: Worker) => void)[] = [];
  let nextId = 0;

  const acquire = () => new Promise<Worker>((resolve) => (idle.length > 0 ? resolve(idle.pop()!) : waiting.push(resolve)));
  const release = (worker: Worker) => (waiting.length > 0 ? waiting.shift()!(worker) : idle.push(worker));

  return {
    size,
    async embed(photos, view = PLAIN_VIEW) {
      const worker = await acquire();
      try {
        const request: EmbedRequest = { id: nextId++, photos: [...photos], view };
        const reply = await new Promise<EmbedReply>((resolve, reject) => {
          const onMessage = (message: EmbedReply) => {
            if (message.id !== request.id) return;
            worker.off('message', onMessage);
            worker.off('error', reject);
            resolve(message);
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
          worker.postMessage(request);
        });
        if ('error' in reply) throw reply.userError ? new UserError(reply.userError.code, reply.userError.text) : new Error(reply.error);
        return reply.features;
      } finally {
        release(worker);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
