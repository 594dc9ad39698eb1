// Photos are never stored, but "What does the backbone see?" is asked a moment after a
// prediction; this keeps the latest photos in memory, bounded by bytes, to answer it.
export class RecentPhotos {
  private readonly photos = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  remember(sha256: string, photo: Uint8Array): void {
    if (photo.byteLength > this.maxBytes) return;
    this.forget(sha256);
    this.photos.set(sha256, photo);
    this.bytes += photo.byteLength;
    while (this.bytes > this.maxBytes) {
      const oldest = this.photos.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  recall(sha256: string): Uint8Array | undefined {
    const photo = this.photos.get(sha256);
    if (photo) {
      // Map order is insertion order: re-inserting marks it as recently used.
      this.photos.delete(sha256);
      this.photos.set(sha256, photo);
    }
    return photo;
  }

  private forget(sha256: string): void {
    const photo = this.photos.get(sha256);
    if (!photo) return;
    this.bytes -= photo.byteLength;
    this.photos.delete(sha256);
  }
}
