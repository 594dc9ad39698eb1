// A folder-per-class data set (<dir>/<label>/*.jpg), read for training.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from './embedding-cache.ts';

const PHOTO = /\.(jpe?g|png|webp|avif|tiff?|gif)$/i;

export interface DatasetPhoto {
  label: string;
  file: string;
}

export interface DatasetOptions {
  dir: string;
  /** Take at most this many photos a class (the first by name, so the choice is repeatable). */
  perClass?: number;
}

export async function listDataset({ dir, perClass }: DatasetOptions): Promise<DatasetPhoto[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const labels = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const photos: DatasetPhoto[] = [];
  for (const label of labels) {
    const files = (await readdir(path.join(dir, label))).filter((name) => PHOTO.test(name)).sort();
    for (const name of files.slice(0, perClass ?? files.length)) photos.push({ label, file: path.join(dir, label, name) });
  }
  return photos;
}

export async function readDatasetPhoto(photo: DatasetPhoto): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await readFile(photo.file);
  return { bytes, sha256: sha256Hex(bytes) };
}

/** Names what a head was trained on: the same photos with the same labels give the same fingerprint. */
export function dataFingerprint(examples: { imageSha256: string; label: string }[]): string {
  const lines = examples.map((example) => `${example.imageSha256} ${example.label}`).sort();
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}
