import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeadWeights } from '../../../src/classifier/types.ts';
import { backboneMembers, classifyPhoto, decodePhoto, defaultHeadPath, loadBackbone, loadHeadFile } from '../../../src/classifier/pipeline/index.ts';
import type { Backbone } from '../../../src/classifier/pipeline/index.ts';
import { FOODVISION, ensurePulled, exifRotated, samplePhoto } from './fixtures.ts';

let head: HeadWeights;
let backbone: Backbone;

beforeAll(async () => {
  head = await loadHeadFile(defaultHeadPath());
  for (const member of backboneMembers(head.backbone)) await ensurePulled(member);
  backbone = await loadBackbone(head.backbone);
});

describe('the shipped default head', () => {
  it('is a 7-class Dense head on the backbone it names, kilobytes of JSON', () => {
    expect(head.labels).toEqual(['apple_pie', 'baby_back_ribs', 'baklava', 'beet_salad', 'beignets', 'bibimbap', 'breakfast_burrito']);
    expect(head.featureSize).toBe(backbone.featureSize);
    expect(head.kernel.length).toBe(backbone.featureSize * 7);
  });

  it('classifies real test photos far above chance (3 a class; full accuracy: npm run evaluate)', async () => {
    let correct = 0;
    let total = 0;
    for (const label of head.labels) {
      const dir = path.join(FOODVISION, 'test', label);
      // Photos spread through the class folder, not just its first files.
      const files = (await readdir(dir))
        .sort()
        .filter((_, i) => i % 31 === 7)
        .slice(0, 3);
      for (const file of files) {
        const photo = await decodePhoto(await readFile(path.join(dir, file)));
        const result = await classifyPhoto(backbone, head, photo, { testTimeFlip: false });
        correct += result.classes[0]!.label === label ? 1 : 0;
        total += 1;
      }
    }
    expect(total).toBe(21);
    // Chance is 1 in 7 (14%); the shipped head scores about 92% on the whole test split.
    expect(correct / total).toBeGreaterThanOrEqual(0.6);
  });

  it('gives probabilities, the ImageNet view and the tensor trace', async () => {
    const result = await classifyPhoto(backbone, head, await decodePhoto(await samplePhoto()));
    expect(result.classes).toHaveLength(7);
    expect(result.classes.reduce((sum, c) => sum + c.probability, 0)).toBeCloseTo(1, 4);
    expect(result.classes[0]!.probability).toBeGreaterThanOrEqual(result.classes[1]!.probability);
    expect(result.imagenet).toHaveLength(3);
    expect(result.imagenet[0]!.label).toMatch(/\w/);
    expect(result.trace).toEqual({
      input: [1, backbone.inputSize, backbone.inputSize, 3],
      features: [1, backbone.featureSize],
      output: [1, 7],
      headParameters: backbone.featureSize * 7 + 7,
      backboneParameters: backbone.parameterCount,
    });
    expect(result.features).toHaveLength(backbone.featureSize);
  });

  it('an EXIF-rotated photo gets the same prediction as the upright one', async () => {
    const upright = await sharp(await samplePhoto())
      .jpeg({ quality: 95 })
      .toBuffer();
    const a = await classifyPhoto(backbone, head, await decodePhoto(upright));
    const b = await classifyPhoto(backbone, head, await decodePhoto(await exifRotated(upright)));
    expect(b.classes[0]!.label).toBe(a.classes[0]!.label);
    expect(b.classes[0]!.probability).toBeCloseTo(a.classes[0]!.probability, 1);
    // Without honouring EXIF the model would see the photo on its side: different features.
    const sideways = await sharp(upright).rotate(270).jpeg({ quality: 95 }).toBuffer();
    const c = await classifyPhoto(backbone, head, await decodePhoto(sideways));
    expect(Math.abs(c.features[0]! - a.features[0]!) + Math.abs(c.features[5]! - a.features[5]!)).toBeGreaterThan(
      Math.abs(b.features[0]! - a.features[0]!) + Math.abs(b.features[5]! - a.features[5]!),
    );
  });

  it('CMYK, grayscale and transparent photos go through the whole pipeline', async () => {
    const source = sharp(await samplePhoto());
    const variants = [
      await source.clone().toColourspace('cmyk').jpeg().toBuffer(),
      await source.clone().toColourspace('b-w').png().toBuffer(),
      await source.clone().ensureAlpha(0.5).png().toBuffer(),
    ];
    for (const bytes of variants) {
      const result = await classifyPhoto(backbone, head, await decodePhoto(bytes), { testTimeFlip: false });
      expect(result.classes[0]!.probability).toBeGreaterThan(1 / 7);
    }
  });
});
