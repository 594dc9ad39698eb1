// Work an adapter has acknowledged but not finished: a quiz answer being scored, a reply being
// posted. Stopping the bot (a deploy, Ctrl-C) first stops taking requests, then waits for this
// work, so an answer a member saw acknowledged is recorded and answered before the database closes.

export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Follows `work` until it settles; its result and failure are the caller's, unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const followed = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(followed);
    void followed.then(() => this.running.delete(followed));
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /**
   * Resolves once everything tracked has settled (work started meanwhile included), or after
   * `graceMs`, whichever comes first; returns how many were still running, for the shutdown log.
   */
  async settle(graceMs: number): Promise<number> {
    const deadline = Date.now() + graceMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.all(this.running), timeout]);
      clearTimeout(timer);
    }
    return this.running.size;
  }
}

/** How long a stopping bot waits for acknowledged work; Slack and Discord retry nothing past this. */
export const SHUTDOWN_GRACE_MS = 15_000;
