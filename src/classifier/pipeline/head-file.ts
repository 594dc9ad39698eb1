import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { HeadWeights } from '../types.ts';

const headSchema = z
  .object({
    backbone: z.string().min(1),
    labels: z.array(z.string().min(1)).min(2),
    featureSize: z.number().int().positive(),
    kernel: z.array(z.number()),
    bias: z.array(z.number()),
  })
  .refine((h) => h.kernel.length === h.featureSize * h.labels.length && h.bias.length === h.labels.length, {
    message: 'kernel must be featureSize × labels and bias one per label',
  });

/** Checks that plain JSON really is a usable head (as stored in a file, a database row or a request). */
export function parseHeadWeights(value: unknown): HeadWeights {
  return headSchema.parse(value);
}

/**
 * A file kept beside a head file: `default.json` has `default.metrics.json` (how it was trained)
 * and `default.evaluation.json` (its test figures).
 */
export function besideHead(headFile: string, kind: 'metrics' | 'evaluation' | 'not-mine'): string {
  return `${headFile.replace(/\.json$/, '')}.${kind}.json`;
}

export async function loadHeadFile(file: string): Promise<HeadWeights> {
  return parseHeadWeights(JSON.parse(await readFile(file, 'utf8')));
}

/** Writes JSON via a temporary file and a rename, so a reader never sees half a file. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value)}\n`);
  await rename(temp, file);
}

/** Weights rounded to 7 significant digits: float32 precision, a third of the bytes of full doubles. */
export function compactHeadWeights(weights: HeadWeights): HeadWeights {
  const round = (v: number) => Number(v.toPrecision(7));
  return { ...weights, kernel: weights.kernel.map(round), bias: weights.bias.map(round) };
}
