// An image is embedded once per backbone: the features live in Postgres keyed by the photo's
// sha256, and training reads them from there instead of running the backbone again.
import { createHash } from 'node:crypto';
import type { EmbeddingStore } from '../ports.ts';
import type { EmbeddedPhoto, PipelinePort } from './pipeline-port.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class EmbeddingCache {
  /** Photos this process ran through the backbone (cache misses), for status and tests. */
  computed = 0;
  hits = 0;
  private backboneIdPromise: Promise<number> | undefined;

  constructor(
    private readonly pipeline: PipelinePort,
    private readonly repository: EmbeddingStore,
  ) {}

  backboneId(): Promise<number> {
    this.backboneIdPromise ??= this.repository.backboneId(this.pipeline.backbone, this.pipeline.featureSize);
    return this.backboneIdPromise;
  }

  /** The photo's views, from the cache when this exact file was seen before. */
  async embed(photo: Uint8Array): Promise<EmbeddedPhoto & { cached: boolean }> {
    const sha256 = sha256Hex(photo);
    const backboneId = await this.backboneId();
    const known = await this.repository.findMany(backboneId, [sha256]);
    const views = known.get(sha256);
    if (views?.size) {
      this.hits += 1;
      return { sha256, views, cached: true };
    }
    const embedded = await this.pipeline.embed(photo);
    this.computed += 1;
    await this.repository.save(backboneId, sha256, embedded.views);
    return { ...embedded, sha256, cached: false };
  }

  /** Stores views embedded elsewhere (worker threads, in bulk). */
  async store(sha256: string, views: Map<string, Float32Array>): Promise<void> {
    this.computed += 1;
    await this.repository.save(await this.backboneId(), sha256, views);
  }

  /** Cached views of many images at once, for training. */
  async lookup(shas: string[]): Promise<Map<string, Map<string, Float32Array>>> {
    return this.repository.findMany(await this.backboneId(), shas);
  }

  async count(): Promise<number> {
    return this.repository.count(await this.backboneId());
  }
}
