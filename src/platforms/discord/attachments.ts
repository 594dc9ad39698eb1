// Discord attachments as the core's AttachmentRef: the declared size and content type are checked
// before a single byte is fetched, and the download itself stops at the byte limit (a declared
// size can lie). A photo whose message was deleted (404/403) is the member's to re-post. Bytes
// come only from Discord's CDN hosts: a URL or a redirect anywhere else is refused unfetched, so
// an attachment can't make the bot request an address of someone's choosing.
import type { Attachment } from 'discord.js';
import type { AttachmentRef } from '../../core/context.ts';
import { UserError } from '../../core/errors.ts';
import { isAllowedOrigin } from '../shared/origins.ts';
import { readLimited } from '../shared/read-limited.ts';
import { texts, tooLarge } from './texts.ts';

const DOWNLOAD_TIMEOUT_MS = 30_000;
/** Discord's CDN redirects rarely if ever; a few hops cover it, a loop ends. */
const MAX_REDIRECTS = 3;

/** Where Discord serves attachments. */
export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

/** The CDN origins, plus the configured API's own when DISCORD_API_URL points elsewhere (a local double serves both). */
export function discordAttachmentOrigins(apiUrl: string | undefined, defaultApiUrl: string): Set<string> {
  const origins = new Set(DISCORD_CDN_ORIGINS);
  if (apiUrl && apiUrl !== defaultApiUrl) origins.add(new URL(apiUrl).origin);
  return origins;
}

export interface AttachmentLike {
  name: string;
  url: string;
  size: number;
  contentType: string | null;
}

export function toAttachmentRef(attachment: Attachment | AttachmentLike, origins: ReadonlySet<string>): AttachmentRef {
  const { name, url, size } = attachment;
  const contentType = attachment.contentType ?? undefined;
  return {
    name,
    url,
    size,
    ...(contentType ? { contentType } : {}),
    download: (maxBytes: number) => download({ name, url, size, contentType: contentType ?? null }, origins, maxBytes),
  };
}

export function looksLikeImage(attachment: { contentType: string | null; name: string }): boolean {
  if (attachment.contentType) return attachment.contentType.toLowerCase().startsWith('image/');
  return /\.(jpe?g|png|webp|gif|avif|tiff?|heic)$/i.test(attachment.name);
}

function refuse(code: string, text: { ko: string; en: string }): UserError {
  return new UserError(code, text);
}

async function download(attachment: AttachmentLike, origins: ReadonlySet<string>, maxBytes: number): Promise<Uint8Array> {
  if (!looksLikeImage(attachment)) throw refuse('attachment-not-image', texts.notAnImage);
  if (attachment.size > maxBytes) throw refuse('attachment-too-large', tooLarge(attachment.size, maxBytes));
  const response = await fetchFromCdn(attachment.url, origins);
  if (response.status === 404 || response.status === 403) throw refuse('attachment-gone', texts.photoGone);
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw refuse('attachment-download-failed', texts.photoDownloadFailed);
  }
  return readLimited(response.body, response.headers.get('content-length'), maxBytes, (bytes) => refuse('attachment-too-large', tooLarge(bytes, maxBytes)));
}

/** Follows redirects by hand, checking every hop's origin before a request goes out. */
async function fetchFromCdn(start: string, origins: ReadonlySet<string>): Promise<Response> {
  let url = start;
  for (let hop = 0; ; hop += 1) {
    if (!isAllowedOrigin(url, origins)) throw refuse('attachment-host-refused', texts.photoHostRefused);
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch {
      throw refuse('attachment-download-failed', texts.photoDownloadFailed);
    }
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location === null) return response;
    await response.body?.cancel();
    if (hop >= MAX_REDIRECTS) throw refuse('attachment-download-failed', texts.photoDownloadFailed);
    url = new URL(location, url).toString();
  }
}
