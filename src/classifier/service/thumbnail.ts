// The reviewer's view of a corrected photo: photos are never stored, so a correction keeps a small
// JPEG (a few kilobytes) until an instructor has decided on it.
import sharp from 'sharp';

const SIDE = 160;

/** A thumbnail of a photo the classifier already accepted; undefined when sharp can't make one. */
export async function thumbnailOf(photo: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    const jpeg = await sharp(photo, { failOn: 'none', pages: 1 })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(SIDE, SIDE, { fit: 'inside' })
      .jpeg({ quality: 70 })
      .toBuffer();
    return new Uint8Array(jpeg);
  } catch {
    return undefined;
  }
}
