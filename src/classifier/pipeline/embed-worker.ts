// One embedding worker: its own TF.js backend and backbone, fed batches of photo bytes by
// EmbedPool. A worker per core is how the wasm backend (one thread in Node) uses every core.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../../core/errors.ts';
import { loadBackbone } from './backbone.ts';
import { decodePhoto } from './preprocess.ts';
import type { View } from './preprocess.ts';

export interface EmbedRequest {
  id: number;
  photos: Uint8Array[];
  view: View;
}

export type EmbedReply =
  | { id: number; features: Float32Array[]; timings: { decodeMs: number; embedMs: number } }
  | { id: number; error: string; userError?: { code: string; text: UserError['text'] } };

const { backbone: name } = workerData as { backbone: string };
const ready = loadBackbone(name);

parentPort!.on('message', async (request: EmbedRequest) => {
  try {
    const backbone = await ready;
    const t0 = performance.now();
    const photos = await Promise.all(request.photos.map((bytes) => decodePhoto(bytes)));
    const t1 = performance.now();
    const features = await backbone.embed(photos, request.view);
    const reply: EmbedReply = { id: request.id, features, timings: { decodeMs: t1 - t0, embedMs: performance.now() - t1 } };
    parentPort!.postMessage(
      reply,
      features.map((f) => f.buffer as ArrayBuffer),
    );
  } catch (error) {
    // A bad photo stays a UserError across the thread boundary, so callers can tell it from a fault.
    const userError = error instanceof UserError ? { code: error.code, text: error.text } : undefined;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    parentPort!.postMessage({ id: request.id, error: message, ...(userError ? { userError } : {}) } satisfies EmbedReply);
  }
});
parentPort!.postMessage({ ready: true });
