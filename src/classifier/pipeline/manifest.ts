import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackboneManifest } from '../types.ts';
import { modelsDir } from './paths.ts';

/** The backbone a fresh install uses; the shipped head was trained on it. */
export const DEFAULT_BACKBONE = 'mobilenet_v1_0.75_224';

/**
 * The backbone of the shipped default head: MobileNet and Darknet Tiny features side by side
 * (768 + 512 = 1,280). On validation photos held out of the training split it scored 84.3% against
 * MobileNet alone's 83.8% (3 folds, flip augmentation, test-time flips), so `npm run train` uses it.
 */
export const DEFAULT_HEAD_BACKBONE = 'mobilenet_v1_0.75_224+darknet_tiny';

/** Every single backbone with a committed manifest. Combinations join these with "+". */
export const BACKBONE_NAMES = ['mobilenet_v1_0.75_224', 'darknet_tiny'] as const;

/**
 * What the committed manifest says beyond the boundary type: how to turn the feature layer into a
 * vector, and whether the ImageNet output still needs a softmax (Darknet's ends in logits).
 */
export interface BackboneSpec extends BackboneManifest {
  description: string;
  featurePooling: 'none' | 'global-average';
  outputActivation: 'softmax' | 'logits';
}

const manifestSchema = z.object({
  name: z.string().regex(/^[\w.-]+$/),
  description: z.string(),
  origin: z.url(),
  license: z.string(),
  featureLayer: z.string(),
  featurePooling: z.enum(['none', 'global-average']),
  featureSize: z.number().int().positive(),
  inputSize: z.number().int().positive(),
  crop: z.enum(['center', 'none']),
  scaling: z.enum(['-1..1', '0..1']),
  labelsFile: z.string(),
  outputActivation: z.enum(['softmax', 'logits']),
  files: z
    .array(
      z.object({
        // Plain file names only: a manifest must never make the puller write outside its folder.
        path: z.string().regex(/^[\w.-]+$/),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().nonnegative(),
      }),
    )
    .min(1),
});

export function isBackboneName(name: string): boolean {
  return (BACKBONE_NAMES as readonly string[]).includes(name);
}

/** A combined backbone's name ("a+b") split into its members; a single name gives itself. */
export function backboneMembers(name: string): string[] {
  return name.split('+');
}

/** A single backbone or a "+" combination of known ones, each named once. */
export function isBackboneOrCombination(name: string): boolean {
  const members = backboneMembers(name);
  return members.every(isBackboneName) && new Set(members).size === members.length;
}

export async function loadManifest(name: string, root = modelsDir()): Promise<BackboneSpec> {
  if (!isBackboneName(name)) {
    throw new Error(`Unknown backbone "${name}". Known: ${BACKBONE_NAMES.join(', ')}`);
  }
  const file = path.join(root, name, 'manifest.json');
  const parsed = manifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  if (parsed.name !== name) throw new Error(`${file} describes "${parsed.name}", not "${name}"`);
  return parsed;
}
