import { describe, expect, it } from 'vitest';
import { decodePhoto, loadSingleBackbone } from '../../../src/classifier/pipeline/index.ts';
import { ensurePulled, samplePhoto, testPhoto } from './fixtures.ts';

describe('the fused feature path (batch norm folded into the convolutions)', () => {
  for (const name of ['mobilenet_v1_0.75_224', 'darknet_tiny']) {
    it(`${name}: gives the layers model's features`, async () => {
      await ensurePulled(name);
      const backbone = await loadSingleBackbone(name);
      expect(backbone.fused).toBe(true);
      const photos = await Promise.all([samplePhoto(), testPhoto('beignets', '1002850.jpg')].map(async (p) => decodePhoto(await p)));
      const fused = backbone.embedInputs(await Promise.all(photos.map((p) => backbone.input(p))));
      for (const [i, photo] of photos.entries()) {
        // inspect() runs the unfused layers model (it also needs the ImageNet output).
        const reference = (await backbone.inspect(photo)).features;
        expect(fused[i]).toHaveLength(reference.length);
        const scale = Math.max(...reference.map(Math.abs));
        reference.forEach((v, j) => expect(Math.abs(fused[i]![j]! - v)).toBeLessThan(1e-4 * scale));
      }
      backbone.dispose();
    });
  }
});
