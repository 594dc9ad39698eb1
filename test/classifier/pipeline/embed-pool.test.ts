import { describe, expect, it } from 'vitest';
import { createEmbedPool, decodePhoto, loadBackbone } from '../../../src/classifier/pipeline/index.ts';
import { UserError } from '../../../src/core/errors.ts';
import { ensurePulled, samplePhoto, testPhoto } from './fixtures.ts';

describe('the embedding worker pool', () => {
  it('gives the same features as embedding in process, in order, and reports bad photos', async () => {
    await ensurePulled('mobilenet_v1_0.75_224');
    const photos = [await samplePhoto(), await testPhoto('beignets', '1002850.jpg')];
    const pool = await createEmbedPool({ backbone: 'mobilenet_v1_0.75_224', workers: 1 });
    try {
      const pooled = await pool.embed(photos, { flip: true });
      const backbone = await loadBackbone('mobilenet_v1_0.75_224');
      const local = await backbone.embed(await Promise.all(photos.map((p) => decodePhoto(p))), { flip: true });
      expect(pooled).toHaveLength(2);
      pooled.forEach((features, i) => {
        expect(features).toHaveLength(768);
        features.forEach((v, j) => expect(v).toBeCloseTo(local[i]![j]!, 4));
      });
      // Still a UserError (the member's problem, with its Korean text) after crossing the thread boundary.
      const bad = await pool.embed([Buffer.from('not a photo')]).catch((error: unknown) => error);
      expect(bad).toBeInstanceOf(UserError);
      expect((bad as UserError).text.en).toContain('not an image');
      expect((bad as UserError).text.ko).toMatch(/[가-힣]/);
    } finally {
      await pool.close();
    }
  });
});
