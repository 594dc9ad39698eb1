import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../src/classifier/pipeline/index.ts';
import type { View } from '../../src/classifier/pipeline/index.ts';

// Bump when preprocessing changes, so stale embeddings are never reused.
const PREPROCESS_VERSION = 1;

/**
 * Embeddings of training photos on disk (data/ is git-ignored), keyed by photo sha256, one file per
 * backbone and view. Records are appended as they are made: an interrupted run keeps its work.
 * Record: 64 ASCII hex chars of sha256, then featureSize float32 values.
 */
export class EmbeddingCache {
  private constructor(
    private readonly file: string,
    private readonly featureSize: number,
    private readonly rows: Map<string, Float32Array>,
  ) {}

  static async open(backbone: string, featureSize: number, view: View, dir = path.join(projectRoot, 'data', 'embedding-cache')): Promise<EmbeddingCache> {
    const file = path.join(dir, `v${PREPROCESS_VERSION}-${backbone}-${viewKey(view)}.bin`);
    const rows = new Map<string, Float32Array>();
    const record = 64 + featureSize * 4;
    const bytes = await readFile(file).catch(() => Buffer.alloc(0));
    for (let offset = 0; offset + record <= bytes.length; offset += record) {
      const sha = bytes.toString('latin1', offset, offset + 64);
      const floats = new Float32Array(featureSize);
      new Uint8Array(floats.buffer).set(bytes.subarray(offset + 64, offset + record));
      rows.set(sha, floats);
    }
    await mkdir(dir, { recursive: true });
    return new EmbeddingCache(file, featureSize, rows);
  }

  get(sha: string): Float32Array | undefined {
    return this.rows.get(sha);
  }

  async add(entries: readonly { sha: string; features: Float32Array }[]): Promise<void> {
    const chunks = entries.map(({ sha, features }) => {
      if (features.length !== this.featureSize) throw new Error(`Expected ${this.featureSize} features, got ${features.length}`);
      this.rows.set(sha, features);
      return Buffer.concat([Buffer.from(sha, 'latin1'), Buffer.from(features.buffer, features.byteOffset, features.byteLength)]);
    });
    await appendFile(this.file, Buffer.concat(chunks));
  }
}

export function viewKey(view: View): string {
  const parts = [view.flip ? 'flip' : 'plain'];
  if (view.zoom !== undefined && view.zoom < 1) parts.push(`z${view.zoom}x${view.shiftX ?? 0}y${view.shiftY ?? 0}`);
  return parts.join('-');
}
