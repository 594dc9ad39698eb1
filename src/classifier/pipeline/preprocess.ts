import sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import type { DecodedPhoto } from '../types.ts';
import type { BackboneSpec } from './manifest.ts';
import { photoErrors } from './photo-errors.ts';
import { sha256 } from './pull.ts';

export interface PhotoLimits {
  /** Largest accepted file. */
  maxBytes: number;
  /** Largest accepted width × height, checked before decoding (decompression bombs). */
  maxPixels: number;
  /**
   * Smallest accepted side. Below this a photo holds too little to recognise food, and upscaling a
   * few pixels to 224 would still yield a confident-looking answer, so such photos are refused.
   */
  minSide: number;
}

export const DEFAULT_PHOTO_LIMITS: PhotoLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000, minSide: 32 };

/** Formats sharp sniffs that we accept; AVIF is reported as "heif" with AV1 compression. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif']);

/**
 * Decoded pixels are kept at most this big on the shorter side: every backbone wants 224, and a
 * 40-megapixel photo would otherwise hold 120 MB of RGB while it waits for the backbone.
 */
const KEPT_SHORT_SIDE = 448;

/** A checked photo, upright, on white, in 8-bit sRGB, ready for any backbone's own crop and scaling. */
export interface Photo extends DecodedPhoto {
  /** Interleaved RGB bytes, `pixelWidth × pixelHeight × 3`. */
  pixels: Uint8Array;
  pixelWidth: number;
  pixelHeight: number;
}

/** One way to look at a photo: the plain view, or a mirrored/zoomed one for augmentation and test-time averaging. */
export interface View {
  flip?: boolean;
  /** Fraction of the backbone's crop kept (1 = all of it), centred unless shifted. */
  zoom?: number;
  /** Where the zoomed window sits inside the free margin: -1 (left/top) … 1 (right/bottom). */
  shiftX?: number;
  shiftY?: number;
}

export const PLAIN_VIEW: View = {};

async function readHeader(bytes: Uint8Array): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw photoErrors.notImage();
  }
}

function uprightSize(meta: Metadata): { width: number; height: number } {
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // EXIF orientations 5–8 are quarter turns: the upright photo swaps its sides.
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * Checks and decodes a posted photo. The declared type is never trusted: the format is sniffed
 * from the bytes. Refusals are UserErrors in Korean and English (empty, too large, not an image,
 * unsupported format, too many pixels, too small, damaged or truncated).
 */
export async function decodePhoto(input: Uint8Array, limits: PhotoLimits = DEFAULT_PHOTO_LIMITS): Promise<Photo> {
  if (input.byteLength === 0) throw photoErrors.empty();
  if (input.byteLength > limits.maxBytes) throw photoErrors.tooLarge(input.byteLength, limits.maxBytes);
  const meta = await readHeader(input);
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : (meta.format ?? 'unknown');
  if (!ACCEPTED_FORMATS.has(meta.format ?? '') || (meta.format === 'heif' && format !== 'avif')) {
    throw photoErrors.unsupported(format);
  }
  const { width, height } = uprightSize(meta);
  if (width * height > limits.maxPixels) throw photoErrors.tooManyPixels(width * height, limits.maxPixels);
  if (Math.min(width, height) < limits.minSide) throw photoErrors.tooSmall(width, height, limits.minSide);

  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(input, { failOn: 'truncated', limitInputPixels: limits.maxPixels, pages: 1 })
      .rotate()
      .resize({ width: KEPT_SHORT_SIDE, height: KEPT_SHORT_SIDE, fit: 'outside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw photoErrors.corrupt();
  }
  if (decoded.info.channels !== 3) throw new Error(`sharp gave ${decoded.info.channels} channels, expected sRGB`);
  return {
    sha256: sha256(input),
    format,
    width,
    height,
    pixels: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength),
    pixelWidth: decoded.info.width,
    pixelHeight: decoded.info.height,
  };
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The backbone's crop (centre square or whole image), then the view's zoom window inside it. */
export function viewRect(width: number, height: number, crop: BackboneSpec['crop'], view: View = PLAIN_VIEW): Rect {
  const side = Math.min(width, height);
  const base: Rect =
    crop === 'center'
      ? { left: Math.floor((width - side) / 2), top: Math.floor((height - side) / 2), width: side, height: side }
      : { left: 0, top: 0, width, height };
  const zoom = view.zoom ?? 1;
  if (zoom >= 1) return base;
  const w = Math.max(1, Math.round(base.width * zoom));
  const h = Math.max(1, Math.round(base.height * zoom));
  const place = (free: number, shift = 0) => Math.round((free * (1 + Math.max(-1, Math.min(1, shift)))) / 2);
  return { left: base.left + place(base.width - w, view.shiftX), top: base.top + place(base.height - h, view.shiftY), width: w, height: h };
}

/** Scales 8-bit RGB into the backbone's input range. */
export function scalePixels(rgb: Uint8Array, scaling: BackboneSpec['scaling']): Float32Array {
  const out = new Float32Array(rgb.length);
  if (scaling === '-1..1') for (let i = 0; i < rgb.length; i++) out[i] = rgb[i]! / 127.5 - 1;
  else for (let i = 0; i < rgb.length; i++) out[i] = rgb[i]! / 255;
  return out;
}

/** The backbone's input for one photo and view: crop, resize to inputSize², mirror if asked, scale. HWC floats. */
export async function backboneInput(photo: Photo, spec: Pick<BackboneSpec, 'crop' | 'inputSize' | 'scaling'>, view: View = PLAIN_VIEW): Promise<Float32Array> {
  const rect = viewRect(photo.pixelWidth, photo.pixelHeight, spec.crop, view);
  let image = sharp(photo.pixels, { raw: { width: photo.pixelWidth, height: photo.pixelHeight, channels: 3 } })
    .extract(rect)
    .resize(spec.inputSize, spec.inputSize, { fit: 'fill' });
  if (view.flip) image = image.flop();
  const rgb = await image.raw().toBuffer();
  return scalePixels(rgb, spec.scaling);
}
