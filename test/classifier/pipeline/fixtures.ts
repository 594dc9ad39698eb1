// Real photos from ../shared and generated images for the pipeline's tests.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { projectRoot, pullBackbone, readBackboneFiles, loadManifest } from '../../../src/classifier/pipeline/index.ts';

export const SHARED = path.resolve(projectRoot, '../shared');
export const MIRROR = path.join(SHARED, 'models');
export const FOODVISION = path.join(SHARED, 'datasets', 'foodvision7');

/** CI runs `MODEL_MIRROR=../shared/models npm run models:pull` first; a dev who forgot gets it done here. */
export async function ensurePulled(name: string): Promise<void> {
  const spec = await loadManifest(name);
  const ready = await readBackboneFiles(spec).then(
    () => true,
    () => false,
  );
  if (!ready) await pullBackbone(name, { mirror: process.env.MODEL_MIRROR ?? MIRROR });
}

export function testPhoto(label: string, file: string): Promise<Buffer> {
  return readFile(path.join(FOODVISION, 'test', label, file));
}

/** A bibimbap photo from the test split (320×240-ish JPEG). */
export const samplePhoto = () => testPhoto('bibimbap', '1001113.jpg');

export function sharedAvailable(): boolean {
  return existsSync(FOODVISION);
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A genuine grey PNG of width × height, built directly: deflating rows of zeros costs far less
 * than asking an encoder for a 144-megapixel image, and the file is under a megabyte.
 */
export function solidPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const raw = Buffer.alloc((width + 1) * height, 0); // filter byte 0 then zero pixels, every row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Pixels turned a quarter turn left, with EXIF orientation 6 telling viewers to turn them back upright. */
export async function exifRotated(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
}
