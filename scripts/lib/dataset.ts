import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface DatasetItem {
  file: string;
  label: number;
}

export interface Dataset {
  dir: string;
  /** Class names: the sub-folder names, sorted, so every run numbers them alike. */
  labels: string[];
  items: DatasetItem[];
}

const PHOTO = /\.(jpe?g|png|webp|avif|tiff?|gif)$/i;

/** A folder-per-class photo folder (`<dir>/<class>/*.jpg`), as ImageFolder reads it. */
export async function readDataset(dir: string): Promise<Dataset> {
  const entries = await readdir(dir, { withFileTypes: true });
  const labels = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (labels.length < 2) throw new Error(`${dir} needs one sub-folder per class (found ${labels.length})`);
  const items: DatasetItem[] = [];
  for (const [label, name] of labels.entries()) {
    const files = (await readdir(path.join(dir, name))).filter((f) => PHOTO.test(f)).sort();
    items.push(...files.map((f) => ({ file: path.join(dir, name, f), label })));
  }
  return { dir, labels, items };
}

export function readPhoto(item: DatasetItem): Promise<Buffer> {
  return readFile(item.file);
}

/** `--name value` flags from argv. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(key, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(key, argv[++i]!);
    else flags.set(key, 'true');
  }
  return flags;
}
