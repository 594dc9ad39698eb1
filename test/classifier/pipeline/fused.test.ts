import { describe, expect, it, vi } from 'vitest';
import { decodePhoto, loadSingleBackbone } from '../../../src/classifier/pipeline/index.ts';
import { ensurePulled, samplePhoto, testPhoto } from './fixtures.ts';

describe('the fused network (batch norm folded into the convolutions, activations fused)', () => {
  for (const name of ['mobilenet_v1_0.75_224', 'darknet_tiny']) {
    it(`${name}: gives the layers model's features and ImageNet top-3`, async () => {
      await ensurePulled(name);
      const fused = await loadSingleBackbone(name);
      vi.stubEnv('TFJS_FUSED', '0');
      const layers = await loadSingleBackbone(name);
      vi.unstubAllEnvs();
      expect([fused.fused, layers.fused]).toEqual([true, false]);
      const photos = await Promise.all([samplePhoto(), testPhoto('beignets', '1002850.jpg')].map(async (p) => decodePhoto(await p)));
      const inputs = await Promise.all(photos.map((p) => fused.input(p)));
      const ours = fused.embedInputs(inputs);
      const reference = layers.embedInputs(inputs);
      for (const [i, row] of reference.entries()) {
        const scale = Math.max(...row.map(Math.abs));
        row.forEach((v, j) => expect(Math.abs(ours[i]![j]! - v)).toBeLessThan(1e-4 * scale));
        const [a, b] = [await fused.inspect(photos[i]!), await layers.inspect(photos[i]!)];
        expect(a.imagenet.map((c) => c.label)).toEqual(b.imagenet.map((c) => c.label));
        a.imagenet.forEach((c, k) => expect(c.probability).toBeCloseTo(b.imagenet[k]!.probability, 4));
      }
      fused.dispose();
      layers.dispose();
    });
  }
});
