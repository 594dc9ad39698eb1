// A posted photo is checked on what the platform declares (size, type) before a byte is
// downloaded; the download itself stops at the same limit, and the pipeline then checks the bytes
// for what they really are.
import type { AttachmentRef } from '../../core/context.ts';
import { userText } from '../../core/display-text.ts';
import { userError } from '../../core/errors.ts';

const PHOTO_NAME = /\.(jpe?g|png|webp|avif|tiff?|gif|heic|heif)$/i;

/** Whether a message attachment is worth offering to the classifier (photo channels skip the rest quietly). */
export function looksLikePhoto(attachment: AttachmentRef): boolean {
  if (attachment.contentType) return attachment.contentType.toLowerCase().startsWith('image/');
  return PHOTO_NAME.test(attachment.name);
}

export function isAttachment(value: unknown): value is AttachmentRef {
  return typeof value === 'object' && value !== null && typeof (value as AttachmentRef).download === 'function';
}

/** A file name as the poster chose it, quoted back as text (see display-text.ts). */
function shownName(name: string): string {
  return userText(name.trim() ? name : 'file', { maxLength: 60 });
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export async function downloadPhoto(attachment: AttachmentRef, maxBytes: number): Promise<Uint8Array> {
  if (!looksLikePhoto(attachment)) {
    throw userError(
      'photo.not-image',
      `"${shownName(attachment.name)}" 파일은 사진이 아닙니다. JPEG, PNG, WebP 같은 음식 사진을 올려 주세요.`,
      `"${shownName(attachment.name)}" is not a photo. Please attach a food photo (JPEG, PNG, WebP…).`,
    );
  }
  if (attachment.size > maxBytes) {
    throw userError(
      'photo.too-large',
      `사진이 너무 큽니다 (${mb(attachment.size)}). ${mb(maxBytes)} 이하로 올려 주세요.`,
      `The photo is too large (${mb(attachment.size)}). Please attach one of at most ${mb(maxBytes)}.`,
    );
  }
  return attachment.download(maxBytes);
}
