import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackboneManifest } from '../types.ts';
import { modelsDir } from './paths.ts';
import { SHIPPED_RECIPE } from './recipe.ts';

/** The backbone a fresh install uses; the shipped head was trained on it. */
export const DEFAULT_BACKBONE = 'mobilenet_v1_0.75_224';

/** The backbone of the shipped default head: its recipe's (recipe.ts), so `npm run train` uses it. */
export const DEFAULT_HEAD_BACKBONE = SHIPPED_RECIPE.backbone;

/** Every single backbone with a committed manifest. Combinations join these with "+". */
export const BACKBONE_NAMES = ['mobilenet_v1_0.75_224', 'darknet_tiny', 'efficientnet_b0'] as const;

/**
 * What the committed manifest says beyond the boundary type: how to turn the feature layer into a
 * vector, and whether the ImageNet output still needs a softmax (Darknet's ends in logits).
 */
export interface BackboneSpec extends BackboneManifest {
  description: string;
  featurePooling: 'none' | 'global-average';
  outputActivation: 'softmax' | 'logits';
  /** A TF.js layers model (named layers) or a graph model (named nodes, run with GraphModel.execute). */
  format: 'layers' | 'graph';
  /**
   * The last convolutional map, whose global average is the features: a class activation map is the
   * head's weights applied to it pixel by pixel. For a layers model whose feature layer is the pooling
   * itself, the layer before it.
   */
  mapLayer: string;
  /** Graph models: the input node and the ImageNet output node. */
  inputNode?: string;
  outputNode?: string;
  /** A graph model whose ImageNet classifier is one Dense layer on the features: its weights' names. */
  imagenetDense?: { kernel: string; bias: string };
  /** Whether the network takes other input sizes ("efficientnet_b0@320"): a graph model without fixed shapes. */
  resizable: boolean;
  /** When the origin is an archive (an npm tarball), where each file sits inside it. */
  originArchive?: { kind: 'npm-tarball'; paths: Record<string, string> };
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
  format: z.enum(['layers', 'graph']).default('layers'),
  mapLayer: z.string(),
  inputNode: z.string().optional(),
  outputNode: z.string().optional(),
  resizable: z.boolean().default(false),
  imagenetDense: z.object({ kernel: z.string(), bias: z.string() }).optional(),
  originArchive: z.object({ kind: z.literal('npm-tarball'), paths: z.record(z.string(), z.string()) }).optional(),
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

/**
 * A member name is a registry name, optionally at another input size for a resizable network:
 * "efficientnet_b0@320" is EfficientNet-B0 fed 320×320 photos (its own files, its own embeddings).
 */
export function parseMemberName(name: string): { base: string; inputSize?: number } {
  const match = /^(.+)@(\d{2,4})$/.exec(name);
  return match ? { base: match[1]!, inputSize: Number(match[2]) } : { base: name };
}

export function isBackboneName(name: string): boolean {
  const { base, inputSize } = parseMemberName(name);
  if (!(BACKBONE_NAMES as readonly string[]).includes(base)) return false;
  return inputSize === undefined || (RESIZABLE.has(base) && inputSize >= 96 && inputSize <= 640 && inputSize % 32 === 0);
}

/** Backbones whose manifests say `resizable` (checked again when the manifest loads). */
const RESIZABLE = new Set(['efficientnet_b0']);

/** A combined backbone's name ("a+b") split into its members; a single name gives itself. */
export function backboneMembers(name: string): string[] {
  return name.split('+');
}

/** A single backbone or a "+" combination of known ones, each named once. */
export function isBackboneOrCombination(name: string): boolean {
  const members = backboneMembers(name);
  return members.every(isBackboneName) && new Set(members).size === members.length;
}

/**
 * The committed manifest of a backbone. "name@size" gives the same network's manifest with that
 * input size; its `name` stays the registry name (the files are the same).
 */
export async function loadManifest(name: string, root = modelsDir()): Promise<BackboneSpec> {
  if (!isBackboneName(name)) {
    throw new Error(`Unknown backbone "${name}". Known: ${BACKBONE_NAMES.join(', ')} (a resizable one also as name@size, e.g. efficientnet_b0@320)`);
  }
  const { base, inputSize } = parseMemberName(name);
  const file = path.join(root, base, 'manifest.json');
  const parsed = manifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  if (parsed.name !== base) throw new Error(`${file} describes "${parsed.name}", not "${base}"`);
  if (inputSize === undefined) return parsed;
  if (!parsed.resizable) throw new Error(`${base} takes only ${parsed.inputSize}×${parsed.inputSize} input`);
  return { ...parsed, inputSize };
}
