import { describe, expect, it } from 'vitest';
import {
  classActivationMaps,
  decodePhoto,
  headLogits,
  loadBackbone,
  logitFromMaps,
  loadHeadFile,
  defaultHeadPath,
  backboneMembers,
  renderActivationPng,
} from '../../../src/classifier/pipeline/index.ts';
import { ensurePulled, samplePhoto } from './fixtures.ts';

describe('class activation maps', () => {
  it("the maps' spatial means plus the bias give the shipped head's logit for every class, and the PNG is drawn", async () => {
    const head = await loadHeadFile(defaultHeadPath());
    for (const member of backboneMembers(head.backbone)) await ensurePulled(member);
    const backbone = await loadBackbone(head.backbone);
    const photo = await decodePhoto(await samplePhoto());
    const { features } = await backbone.inspect(photo, 1);
    const featureMaps = await backbone.featureMaps(photo);
    expect(featureMaps.map((m) => m.backbone)).toEqual(backboneMembers(head.backbone));
    const logits = headLogits(head, features);
    head.labels.forEach((_, c) => {
      const maps = classActivationMaps(featureMaps, head, c);
      expect(logitFromMaps(maps, head, c)).toBeCloseTo(logits[c]!, 3);
    });
    const png = await renderActivationPng(photo, backbone.members, classActivationMaps(featureMaps, head, 0), 'caption');
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    backbone.dispose();
  });
});
