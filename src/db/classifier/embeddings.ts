// The embedding cache: an image's features per backbone and view, keyed by the image's sha256.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { retryOnUniqueRace } from './unique-race.ts';
import type { EmbeddingStore } from '../../classifier/ports.ts';

export const ORIGINAL_VIEW = 'original';

export function encodeVector(vector: Float32Array): Uint8Array<ArrayBuffer> {
  // Copy into a fresh buffer: the view may sit inside a larger (wasm) buffer.
  const bytes = new Uint8Array(vector.byteLength);
  bytes.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  return bytes;
}

export function decodeVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

export class EmbeddingRepository implements EmbeddingStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** The backbone's row id, created on first use (two processes starting at once both get the one row). */
  async backboneId(name: string, featureSize: number): Promise<number> {
    return retryOnUniqueRace(async () => {
      const row = await this.prisma.backbone.upsert({ where: { name }, create: { name, featureSize }, update: {}, select: { id: true } });
      return row.id;
    });
  }

  async find(backboneId: number, imageSha256: string, view = ORIGINAL_VIEW): Promise<Float32Array | undefined> {
    const row = await this.prisma.embedding.findUnique({
      where: { backboneId_imageSha256_view: { backboneId, imageSha256, view } },
      select: { vector: true },
    });
    return row ? decodeVector(row.vector) : undefined;
  }

  /** Every cached view of the given images, as `sha256 -> view -> vector`. */
  async findMany(backboneId: number, shas: string[]): Promise<Map<string, Map<string, Float32Array>>> {
    const rows = await this.prisma.embedding.findMany({
      where: { backboneId, imageSha256: { in: shas } },
      select: { imageSha256: true, view: true, vector: true },
    });
    const byImage = new Map<string, Map<string, Float32Array>>();
    for (const row of rows) {
      const views = byImage.get(row.imageSha256) ?? new Map<string, Float32Array>();
      views.set(row.view, decodeVector(row.vector));
      byImage.set(row.imageSha256, views);
    }
    return byImage;
  }

  /** Stores views; a row another process wrote first is kept (same image, same features). */
  async save(backboneId: number, imageSha256: string, views: Map<string, Float32Array>): Promise<void> {
    await this.prisma.embedding.createMany({
      data: [...views].map(([view, vector]) => ({ backboneId, imageSha256, view, vector: encodeVector(vector) })),
      skipDuplicates: true,
    });
  }

  async count(backboneId?: number): Promise<number> {
    return this.prisma.embedding.count(backboneId === undefined ? undefined : { where: { backboneId } });
  }
}
