// In the console a "posted photo" is a file on disk; it goes through the same byte limit and
// checks as a download from Discord or Slack.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { AttachmentRef } from '../../core/context.ts';
import { userError } from '../../core/errors.ts';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/** Stats the file at once, like a platform declaring an attachment's size before anyone downloads it. */
export function localAttachment(path: string): AttachmentRef {
  const full = resolve(path);
  const info = (() => {
    try {
      return statSync(full);
    } catch {
      return undefined;
    }
  })();
  if (!info?.isFile()) throw userError('file-not-found', `파일을 찾을 수 없습니다: ${path}`, `No such file: ${path}`);
  const contentType = TYPES[extname(full).toLowerCase()];
  return {
    name: basename(full),
    url: `file://${full}`,
    size: info.size,
    ...(contentType ? { contentType } : {}),
    async download(maxBytes: number) {
      if (info.size > maxBytes) {
        const mb = Math.round(maxBytes / 1e6);
        throw userError('too-large', `파일이 너무 큽니다 (최대 ${mb} MB).`, `The file is too large (at most ${mb} MB).`);
      }
      try {
        return new Uint8Array(await readFile(full));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        throw userError('file-unreadable', `파일을 읽을 수 없습니다 (${code}): ${path}`, `Can't read the file (${code}): ${path}`);
      }
    },
  };
}
