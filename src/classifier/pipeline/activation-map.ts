import sharp from 'sharp';
import type { HeadWeights } from '../types.ts';
import type { FeatureMap } from './backbone.ts';
import type { BackboneSpec } from './manifest.ts';
import type { Photo } from './preprocess.ts';
import { viewRect } from './preprocess.ts';
import { escapeXml } from '../../core/charts/svg.ts';

/** One network's class activation map for one class: height × width values, row-major. */
export interface ActivationMap {
  backbone: string;
  height: number;
  width: number;
  values: Float32Array;
}

/**
 * Class activation maps (Zhou et al. 2016). The head is linear on globally average-pooled features,
 * so logit_c = Σ_k w_kc · mean_xy A_k(x, y) + b_c = mean_xy Σ_k w_kc · A_k(x, y) + b_c: the map
 * M_c(x, y) = Σ_k w_kc · A_k(x, y) says how much each place of the photo adds to class c. A
 * combined backbone's features sit side by side, so each network gets its own slice of the kernel's
 * rows, and the logit is the sum of every map's spatial mean plus the bias.
 */
export function classActivationMaps(maps: readonly FeatureMap[], head: HeadWeights, classIndex: number): ActivationMap[] {
  const classes = head.labels.length;
  const channels = maps.reduce((n, m) => n + m.channels, 0);
  if (channels !== head.featureSize) throw new Error(`The maps have ${channels} channels, the head takes ${head.featureSize} features`);
  let offset = 0;
  return maps.map((map) => {
    const cells = map.height * map.width;
    const values = new Float32Array(cells);
    for (let cell = 0; cell < cells; cell++) {
      let sum = 0;
      for (let k = 0; k < map.channels; k++) sum += map.values[cell * map.channels + k]! * head.kernel[(offset + k) * classes + classIndex]!;
      values[cell] = sum;
    }
    offset += map.channels;
    return { backbone: map.backbone, height: map.height, width: map.width, values };
  });
}

/** The class's logit from its maps: their spatial means summed, plus the head's bias. */
export function logitFromMaps(maps: readonly ActivationMap[], head: HeadWeights, classIndex: number): number {
  return maps.reduce((sum, m) => sum + m.values.reduce((a, v) => a + v, 0) / m.values.length, head.bias[classIndex]!);
}

const TILE = 256;

/** Dark blue (little) through yellow to red (much): a "jet"-like ramp readers know from heat maps. */
function heatColour(t: number): [number, number, number] {
  const clamp = (x: number) => Math.max(0, Math.min(1, x));
  return [clamp(1.5 - Math.abs(4 * t - 3)), clamp(1.5 - Math.abs(4 * t - 2)), clamp(1.5 - Math.abs(4 * t - 1))].map((c) => Math.round(c * 255)) as [
    number,
    number,
    number,
  ];
}

/** One map over the part of the photo its network saw (its own crop), as a TILE² RGB tile. */
async function overlayTile(photo: Photo, crop: BackboneSpec['crop'], map: ActivationMap): Promise<Buffer> {
  const rect = viewRect(photo.pixelWidth, photo.pixelHeight, crop);
  const base = await sharp(photo.pixels, { raw: { width: photo.pixelWidth, height: photo.pixelHeight, channels: 3 } })
    .extract(rect)
    .resize(TILE, TILE, { fit: 'fill' })
    .raw()
    .toBuffer();
  // Each map is scaled to its own range: the picture shows where, the logit says how much.
  let min = Infinity;
  let max = -Infinity;
  for (const v of map.values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  const span = max - min || 1;
  const cells = Buffer.alloc(map.height * map.width * 3);
  map.values.forEach((v, i) => cells.set(heatColour((v - min) / span), i * 3));
  const heat = await sharp(cells, { raw: { width: map.width, height: map.height, channels: 3 } })
    .resize(TILE, TILE, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  const out = Buffer.alloc(TILE * TILE * 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(0.5 * base[i]! + 0.5 * heat[i]!);
  return out;
}

/**
 * The maps over the photo, side by side for a combined backbone (each over its own crop), with a
 * caption per tile naming the network and its share of the logit. PNG bytes.
 */
export async function renderActivationPng(
  photo: Photo,
  specs: readonly Pick<BackboneSpec, 'crop'>[],
  maps: readonly ActivationMap[],
  caption: string,
): Promise<Uint8Array> {
  const gap = 8;
  const band = 44;
  const width = maps.length * TILE + (maps.length - 1) * gap;
  const tiles = await Promise.all(maps.map((m, i) => overlayTile(photo, specs[i]!.crop, m)));
  const labels = maps
    .map((m, i) => {
      const share = m.values.reduce((a, v) => a + v, 0) / m.values.length;
      return `<text x="${i * (TILE + gap) + 4}" y="${TILE + 18}" font-size="13" font-family="DejaVu Sans, Arial, sans-serif">${escapeXml(m.backbone)} (${m.width}×${m.height}) ${share >= 0 ? '+' : ''}${share.toFixed(2)}</text>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${TILE + band}"><rect width="100%" height="100%" fill="white"/>${labels}<text x="4" y="${TILE + 37}" font-size="13" font-family="DejaVu Sans, Arial, sans-serif">${escapeXml(caption)}</text></svg>`;
  const png = await sharp(Buffer.from(svg))
    .composite(tiles.map((tile, i) => ({ input: tile, raw: { width: TILE, height: TILE, channels: 3 as const }, left: i * (TILE + gap), top: 0 })))
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
