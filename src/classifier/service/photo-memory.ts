// Photos are not kept in the database, but "What does the backbone see?" and "🔥 where it looked"
// are asked a moment (or a restart) after a prediction. The latest photos stay in memory, bounded by
// bytes; with a folder, each is also written there (named by its sha256) so a button from before a
// restart still works. The folder is bounded too: past `maxDiskBytes` or `maxAgeMs` the oldest go.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SHA = /^[0-9a-f]{64}$/;

export class RecentPhotos {
  private readonly photos = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly dir?: string,
    private readonly maxDiskBytes = 512 * 1024 * 1024,
    private readonly maxAgeMs = 7 * 24 * 3600 * 1000,
  ) {}

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
    // Written after the answer's work, never awaited by it: a full disk costs the button, not the answer.
    if (this.dir && SHA.test(sha256)) void this.keep(sha256, photo).catch(() => undefined);
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

  /** From memory, else from the folder (a restart ago). */
  async recallKept(sha256: string): Promise<Uint8Array | undefined> {
    const inMemory = this.recall(sha256);
    if (inMemory || !this.dir || !SHA.test(sha256)) return inMemory;
    return readFile(path.join(this.dir, sha256)).then(
      (b) => new Uint8Array(b),
      () => undefined,
    );
  }

  private async keep(sha256: string, photo: Uint8Array): Promise<void> {
    const dir = this.dir!;
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, sha256), photo);
    const files = await Promise.all(
      (await readdir(dir)).filter((f) => SHA.test(f)).map(async (f) => ({ f, s: await stat(path.join(dir, f)).catch(() => undefined) })),
    );
    const kept = files.filter((x) => x.s).sort((a, b) => b.s!.mtimeMs - a.s!.mtimeMs);
    let total = 0;
    for (const { f, s } of kept) {
      total += s!.size;
      if (total > this.maxDiskBytes || Date.now() - s!.mtimeMs > this.maxAgeMs) await rm(path.join(dir, f), { force: true });
    }
  }

  private forget(sha256: string): void {
    const photo = this.photos.get(sha256);
    if (!photo) return;
    this.bytes -= photo.byteLength;
    this.photos.delete(sha256);
  }
}
