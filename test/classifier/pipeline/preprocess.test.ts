import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.ts';
import { backboneInput, decodePhoto, viewRect } from '../../../src/classifier/pipeline/preprocess.ts';
import { sha256 } from '../../../src/classifier/pipeline/index.ts';
import { exifRotated, samplePhoto, solidPng } from './fixtures.ts';

async function refusal(bytes: Uint8Array): Promise<UserError> {
  const error = await decodePhoto(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const userError = error as UserError;
  // Every refusal speaks both languages.
  expect(userError.text.ko).toMatch(/[가-힣]/);
  expect(userError.text.en).toMatch(/[a-z]/);
  return userError;
}

describe('decodePhoto refuses bad input with a clear message', () => {
  it('an empty file', async () => {
    expect((await refusal(new Uint8Array(0))).code).toBe('photo.empty');
  });

  it('a text file named .jpg (the content decides, not the name)', async () => {
    const error = await refusal(Buffer.from('This is my lunch, honestly.\n'.repeat(20)));
    expect(error.code).toBe('photo.not-image');
  });

  it('a truncated JPEG', async () => {
    const photo = await samplePhoto();
    const error = await refusal(photo.subarray(0, Math.floor(photo.length * 0.6)));
    expect(error.code).toBe('photo.corrupt');
  });

  it('a 1x1 image is refused as too small rather than upscaled into a guess', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#aa5500' } })
      .png()
      .toBuffer();
    const error = await refusal(tiny);
    expect(error.code).toBe('photo.too-small');
    expect(error.text.en).toContain('1×1');
  });

  it('a 12000x12000 PNG (a decompression bomb: tiny file, 144 megapixels)', async () => {
    const bomb = solidPng(12000, 12000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const error = await refusal(bomb);
    expect(error.code).toBe('photo.too-many-pixels');
    expect(error.text.en).toContain('144 megapixels');
  });

  it('a 25 MB file, even though it starts as a valid photo', async () => {
    const photo = await samplePhoto();
    const huge = Buffer.concat([photo, Buffer.alloc(25 * 1024 * 1024 - photo.length)]);
    const error = await refusal(huge);
    expect(error.code).toBe('photo.too-large');
    expect(error.text.en).toContain('25 MB');
  });

  it('an SVG (sharp reads it, but we do not take vector files)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>');
    expect((await refusal(svg)).code).toBe('photo.unsupported-format');
  });
});

describe('decodePhoto accepts every photo sharp can read, as upright 8-bit sRGB', () => {
  it('a JPEG photo, with its sha256 and upright size', async () => {
    const bytes = await samplePhoto();
    const photo = await decodePhoto(bytes);
    const meta = await sharp(bytes).metadata();
    expect(photo).toMatchObject({ format: 'jpeg', width: meta.width, height: meta.height, sha256: sha256(bytes) });
    expect(photo.pixels.length).toBe(photo.pixelWidth * photo.pixelHeight * 3);
  });

  it('an animated GIF: its first frame', async () => {
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const blue = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    const gif = await sharp([red, blue], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const photo = await decodePhoto(gif);
    expect(photo).toMatchObject({ format: 'gif', width: 64, height: 64 });
    expect([...photo.pixels.subarray(0, 3)]).toEqual([255, 0, 0]);
  });

  it('a CMYK JPEG becomes three sRGB channels', async () => {
    const cmyk = await sharp(await samplePhoto())
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const photo = await decodePhoto(cmyk);
    const plain = await decodePhoto(await samplePhoto());
    expect(photo.pixels.length).toBe(plain.pixels.length);
    // Colours survive the round trip through CMYK (within JPEG and profile rounding).
    expect(meanAbsDiff(photo.pixels, plain.pixels)).toBeLessThan(12);
  });

  it('a PNG with alpha is flattened onto white', async () => {
    const transparent = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const photo = await decodePhoto(transparent);
    expect(photo.pixels.length).toBe(40 * 40 * 3);
    expect(photo.pixels.every((v) => v === 255)).toBe(true);
  });

  it('a grayscale photo becomes three equal channels', async () => {
    const grey = await sharp(await samplePhoto())
      .toColourspace('b-w')
      .jpeg()
      .toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const photo = await decodePhoto(grey);
    expect(photo.pixels.length).toBe(photo.pixelWidth * photo.pixelHeight * 3);
    const [r, g, b] = photo.pixels.subarray(300, 303);
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('WebP, AVIF and TIFF are sniffed from the bytes', async () => {
    const source = sharp(await samplePhoto());
    for (const [format, bytes] of [
      ['webp', await source.clone().webp().toBuffer()],
      ['avif', await source.clone().avif().toBuffer()],
      ['tiff', await source.clone().tiff().toBuffer()],
    ] as const) {
      expect((await decodePhoto(bytes)).format).toBe(format);
    }
  });

  it('an EXIF-rotated photo is turned upright: the same pixels as the original', async () => {
    const upright = await sharp(await samplePhoto())
      .jpeg({ quality: 95 })
      .toBuffer();
    const rotated = await exifRotated(upright);
    const stored = await sharp(rotated).metadata();
    expect(stored.orientation).toBe(6);
    const a = await decodePhoto(upright);
    const b = await decodePhoto(rotated);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(b.width).toBe(stored.height);
    expect(meanAbsDiff(a.pixels, b.pixels)).toBeLessThan(6);
  });
});

describe('backbone input', () => {
  it('centre-crops to a square, or keeps the whole image, before resizing', () => {
    expect(viewRect(320, 240, 'center')).toEqual({ left: 40, top: 0, width: 240, height: 240 });
    expect(viewRect(320, 240, 'none')).toEqual({ left: 0, top: 0, width: 320, height: 240 });
    expect(viewRect(200, 200, 'center', { zoom: 0.5, shiftX: -1, shiftY: 1 })).toEqual({ left: 0, top: 100, width: 100, height: 100 });
  });

  it('scales to -1..1 or 0..1 and mirrors on request', async () => {
    const photo = await decodePhoto(await samplePhoto());
    const mobile = await backboneInput(photo, { crop: 'center', inputSize: 224, scaling: '-1..1' });
    const dark = await backboneInput(photo, { crop: 'none', inputSize: 224, scaling: '0..1' });
    expect(mobile.length).toBe(224 * 224 * 3);
    expect(range(mobile)[0]).toBeGreaterThanOrEqual(-1);
    expect(range(mobile)[0]).toBeLessThan(-0.5);
    expect(range(mobile)[1]).toBeLessThanOrEqual(1);
    expect(range(dark)[0]).toBeGreaterThanOrEqual(0);
    expect(range(dark)[1]).toBeLessThanOrEqual(1);
    expect(range(dark)[1]).toBeGreaterThan(0.5);
    const flipped = await backboneInput(photo, { crop: 'center', inputSize: 224, scaling: '-1..1' }, { flip: true });
    // First pixel of the mirrored row is the last pixel of the original row.
    expect([...flipped.subarray(0, 3)]).toEqual([...mobile.subarray(223 * 3, 224 * 3)]);
  });
});

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

function range(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return [min, max];
}
