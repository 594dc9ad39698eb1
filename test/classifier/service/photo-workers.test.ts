// Single photos on worker threads (EfficientNet, whose ImageNet view is a Dense layer on its
// features): the same features, ImageNet top-3 and refusals as on the main thread, for photos
// sent at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.ts';
import { PipelineAdapter } from '../../../src/classifier/service/pipeline-adapter.ts';
import { testPhoto } from './support.ts';

const BACKBONE = 'efficientnet_b0@320';
const renderConfusion = async () => new Uint8Array();
let onWorkers: PipelineAdapter;
let onMainThread: PipelineAdapter;

beforeAll(async () => {
  onWorkers = await PipelineAdapter.load({ backbone: BACKBONE, renderConfusion, photoWorkers: 2 });
  onMainThread = await PipelineAdapter.load({ backbone: BACKBONE, renderConfusion, photoWorkers: 0 });
});

afterAll(async () => {
  await onWorkers?.close();
  await onMainThread?.close();
});

it('embeds photos sent at once on the workers exactly as the main thread does, each its own', async () => {
  const photos = await Promise.all([testPhoto('bibimbap', 4), testPhoto('baklava', 5), testPhoto('beignets', 6), testPhoto('apple_pie', 7)]);
  const fromWorkers = await Promise.all(photos.map((photo) => onWorkers.embed(photo)));
  for (const [i, photo] of photos.entries()) {
    const expected = await onMainThread.embed(photo);
    const got = fromWorkers[i]!;
    expect(got.sha256).toBe(expected.sha256);
    const [a, b] = [got.views.get('original')!, expected.views.get('original')!];
    expect(a).toHaveLength(1280);
    expect(Math.max(...a.map((v, k) => Math.abs(v - b[k]!)))).toBeLessThan(1e-4);
    expect(got.imagenet!.map((c) => c.label)).toEqual(expected.imagenet!.map((c) => c.label));
    got.imagenet!.forEach((c, k) => expect(c.probability).toBeCloseTo(expected.imagenet![k]!.probability, 4));
    expect([...got.views.keys()]).toEqual([...expected.views.keys()]);
  }
});

it('refuses a photo that is no image with the same words as the main thread', async () => {
  const bytes = new TextEncoder().encode('not a photo at all');
  const [onWorker, onMain] = await Promise.all([onWorkers.embed(bytes).catch((e: unknown) => e), onMainThread.embed(bytes).catch((e: unknown) => e)]);
  expect(onWorker).toBeInstanceOf(UserError);
  expect((onWorker as UserError).code).toBe((onMain as UserError).code);
  expect((onWorker as UserError).text).toEqual((onMain as UserError).text);
});
