// Discord attachments as the core's AttachmentRef: the declared size and content type are checked
// before a single byte is fetched, and the download itself stops at the byte limit (a declared
// size can lie). A photo whose message was deleted (404/403) is the member's to re-post.
import type { Attachment } from 'discord.js';
import type { AttachmentRef } from '../../core/context.ts';
import { UserError } from '../../core/errors.ts';
import { readLimited } from '../shared/read-limited.ts';
import { texts, tooLarge } from './texts.ts';

const DOWNLOAD_TIMEOUT_MS = 30_000;

export interface AttachmentLike {
  name: string;
  url: string;
  size: number;
  contentType: string | null;
}

export function toAttachmentRef(attachment: Attachment | AttachmentLike): AttachmentRef {
  const { name, url, size } = attachment;
  const contentType = attachment.contentType ?? undefined;
  return {
    name,
    url,
    size,
    ...(contentType ? { contentType } : {}),
    download: (maxBytes: number) => download({ name, url, size, contentType: contentType ?? null }, maxBytes),
  };
}

export function looksLikeImage(attachment: { contentType: string | null; name: string }): boolean {
  if (attachment.contentType) return attachment.contentType.toLowerCase().startsWith('image/');
  return /\.(jpe?g|png|webp|gif|avif|tiff?|heic)$/i.test(attachment.name);
}

function refuse(code: string, text: { ko: string; en: string }): UserError {
  return new UserError(code, text);
}

async function download(attachment: AttachmentLike, maxBytes: number): Promise<Uint8Array> {
  if (!looksLikeImage(attachment)) throw refuse('attachment-not-image', texts.notAnImage);
  if (attachment.size > maxBytes) throw refuse('attachment-too-large', tooLarge(attachment.size, maxBytes));
  let response: Response;
  try {
    response = await fetch(attachment.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw refuse('attachment-download-failed', texts.photoDownloadFailed);
  }
  if (response.status === 404 || response.status === 403) throw refuse('attachment-gone', texts.photoGone);
  if (!response.ok || !response.body) throw refuse('attachment-download-failed', texts.photoDownloadFailed);
  return readLimited(response.body, response.headers.get('content-length'), maxBytes, (bytes) => refuse('attachment-too-large', tooLarge(bytes, maxBytes)));
}
