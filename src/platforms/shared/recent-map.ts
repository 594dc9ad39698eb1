// Small facts an adapter remembers per member or per button (a locale, a language, a prompt),
// kept for the most recently set keys only, so a long-running bot doesn't grow without bound.
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets the value as the newest entry; past `max`, the oldest set goes. */
  set(key: K, value: V): void {
    // Map order is insertion order: deleting first makes this key the newest.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
