import { userError } from '../../core/errors.ts';
import type { UserError } from '../../core/errors.ts';

// Every way a posted photo can be refused, worded for the student who posted it.

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const mp = (pixels: number) => `${Math.round(pixels / 1e6)}`;

export const photoErrors = {
  empty: (): UserError => userError('photo.empty', '빈 파일입니다. 사진 파일을 다시 올려 주세요.', 'The file is empty. Please upload the photo again.'),
  tooLarge: (bytes: number, max: number): UserError =>
    userError(
      'photo.too-large',
      `파일이 너무 큽니다 (${mb(bytes)}). ${mb(max)} 이하의 사진을 올려 주세요.`,
      `The file is too large (${mb(bytes)}). Please upload a photo of at most ${mb(max)}.`,
    ),
  notImage: (): UserError =>
    userError(
      'photo.not-image',
      '이미지 파일이 아닙니다. JPEG, PNG, WebP, AVIF, TIFF, GIF 사진을 올려 주세요.',
      'This is not an image file. Please upload a JPEG, PNG, WebP, AVIF, TIFF or GIF photo.',
    ),
  unsupported: (format: string): UserError =>
    userError(
      'photo.unsupported-format',
      `${format.toUpperCase()} 형식은 지원하지 않습니다. JPEG, PNG, WebP, AVIF, TIFF, GIF 사진을 올려 주세요.`,
      `${format.toUpperCase()} files are not supported. Please upload a JPEG, PNG, WebP, AVIF, TIFF or GIF photo.`,
    ),
  tooManyPixels: (pixels: number, max: number): UserError =>
    userError(
      'photo.too-many-pixels',
      `사진의 해상도가 너무 높습니다 (${mp(pixels)}메가픽셀). ${mp(max)}메가픽셀 이하로 줄여서 올려 주세요.`,
      `The photo has too many pixels (${mp(pixels)} megapixels). Please shrink it to at most ${mp(max)} megapixels.`,
    ),
  tooSmall: (width: number, height: number, min: number): UserError =>
    userError(
      'photo.too-small',
      `사진이 너무 작습니다 (${width}×${height} 픽셀). 가로세로 모두 ${min}픽셀 이상인 사진을 올려 주세요.`,
      `The photo is too small (${width}×${height} pixels). Please upload one at least ${min} pixels on each side.`,
    ),
  corrupt: (): UserError =>
    userError(
      'photo.corrupt',
      '사진 파일이 손상되었거나 일부만 올라왔습니다. 원본 파일을 다시 올려 주세요.',
      'The photo file is damaged or incomplete. Please upload the original file again.',
    ),
};
