// Loaded heads by version id, bounded: every class may have its own, and a version's weights never
// change, so each is read from the database once while it stays among the recently used.
import type { StoredVersion } from '../ports.ts';

/** Two hundred classes' heads at about 100 KB of JSON each stay well under the photo memory's bound. */
export const DEFAULT_HEADS_KEPT = 64;

export class HeadCache {
  private readonly heads = new Map<number, StoredVersion>();

  constructor(readonly capacity = DEFAULT_HEADS_KEPT) {}

  get size(): number {
    return this.heads.size;
  }

  async get(id: number, load: (id: number) => Promise<StoredVersion | undefined>): Promise<StoredVersion | undefined> {
    const known = this.heads.get(id);
    if (known) {
      // Map order is insertion order: re-inserting marks it as recently used.
      this.heads.delete(id);
      this.heads.set(id, known);
      return known;
    }
    const loaded = await load(id);
    if (!loaded) return undefined;
    this.heads.set(id, loaded);
    while (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
    return loaded;
  }
}
