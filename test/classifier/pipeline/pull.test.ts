import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFilesError, loadBackbone, modelsDir, pullBackbone, weightsDir } from '../../../src/classifier/pipeline/index.ts';
import { MIRROR } from './fixtures.ts';

// Darknet Tiny (4 MB) keeps these copies quick; the manifests are the committed ones.
const NAME = 'darknet_tiny';
let work: string;
let root: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'models-pull-'));
  root = path.join(work, 'models');
  await mkdir(path.join(root, NAME), { recursive: true });
  await cp(path.join(modelsDir(), NAME, 'manifest.json'), path.join(root, NAME, 'manifest.json'));
});
afterEach(() => rm(work, { recursive: true, force: true }));

/** A mirror with every file of the backbone, so one can be damaged. */
async function copyMirror(): Promise<string> {
  const mirror = path.join(work, 'mirror');
  await cp(path.join(MIRROR, NAME), path.join(mirror, NAME), { recursive: true });
  return mirror;
}

async function pullError(mirror: string): Promise<ModelFilesError> {
  const error = await pullBackbone(NAME, { mirror, root }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFilesError);
  return error as ModelFilesError;
}

/** No weights folder and no temporary leftovers beside it. */
async function expectNothingWritten(): Promise<void> {
  expect(await readdir(path.dirname(weightsDir(NAME, root)))).toEqual([]);
}

describe('models:pull', () => {
  it('copies a mirror, checks every file, and is a no-op the second time', async () => {
    const first = await pullBackbone(NAME, { mirror: MIRROR, root });
    expect(first).toMatchObject({ source: 'mirror', files: 33 });
    expect((await readdir(weightsDir(NAME, root))).length).toBe(33);
    expect((await pullBackbone(NAME, { mirror: MIRROR, root })).source).toBe('already-present');
  });

  it('refuses a corrupt copy, names the file, and leaves nothing half-written', async () => {
    const mirror = await copyMirror();
    const shard = path.join(mirror, NAME, 'group7-shard1of1');
    const bytes = await readFile(shard);
    bytes[10] = bytes[10]! ^ 0xff;
    await writeFile(shard, bytes);
    const error = await pullError(mirror);
    expect(error.message).toContain('darknet_tiny/group7-shard1of1');
    expect(error.message).toContain('corrupt');
    await expectNothingWritten();
  });

  it('refuses a partial copy (a truncated file) and a missing file', async () => {
    const mirror = await copyMirror();
    const shard = path.join(mirror, NAME, 'group20-shard1of1');
    await writeFile(shard, (await readFile(shard)).subarray(0, 100));
    expect((await pullError(mirror)).message).toMatch(/group20-shard1of1 .* 100 bytes.*partial/);
    await rm(path.join(mirror, NAME, 'labels.json'));
    await cp(path.join(MIRROR, NAME, 'group20-shard1of1'), shard);
    expect((await pullError(mirror)).message).toContain('labels.json is missing from the mirror');
    await expectNothingWritten();
  });

  it('a good pull replaces a damaged one in place', async () => {
    await pullBackbone(NAME, { mirror: MIRROR, root });
    await writeFile(path.join(weightsDir(NAME, root), 'model.json'), '{}');
    expect((await pullBackbone(NAME, { mirror: MIRROR, root })).source).toBe('mirror');
  });

  it('loading a backbone that was never pulled says how to pull it', async () => {
    const error = await loadBackbone(NAME, root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFilesError);
    expect((error as Error).message).toContain('npm run models:pull');
  });
});
