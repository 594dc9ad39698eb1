// Slack retries an event it thinks went unanswered (X-Slack-Retry-Num), with the same event_id.
// The first delivery is already being handled, so later ones are dropped on arrival.

export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen within the window; false for every repeat. */
  firstTime(id: string): boolean {
    const at = this.now();
    if (this.seen.size > 10_000) this.prune(at);
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > at) return false;
    this.seen.set(id, at + this.ttlMs);
    return true;
  }

  private prune(at: number): void {
    for (const [id, expires] of this.seen) if (expires <= at) this.seen.delete(id);
  }
}
