// Interim progress (training epochs) as one message edited in place. Epochs can come faster than
// Slack lets a bot edit (chat.update is rate-limited), so updates are coalesced: at most one in
// flight and one per interval, and the newest always wins.
import type { Reply } from '../../core/reply.ts';

export class ProgressMessage {
  private pending: Reply | undefined;
  private running: Promise<void> | undefined;
  private lastSent = 0;
  private closed = false;

  constructor(
    private readonly show: (reply: Reply) => Promise<void>,
    private readonly log: (message: string) => void,
    private readonly intervalMs = 1000,
  ) {}

  readonly report = async (reply: Reply): Promise<void> => {
    if (this.closed) return;
    this.pending = reply;
    this.running ??= this.drain();
  };

  /**
   * Ignores later reports, and waits until the newest one already given is shown: the message ends
   * on the last epoch (not "Preparing…" when training beat the interval), and the final answer,
   * delivered after this, is never overwritten by a late epoch.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const wait = this.lastSent + this.intervalMs - Date.now();
        if (wait > 0 && this.lastSent > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const reply = this.pending;
        this.pending = undefined;
        if (!reply) break;
        this.lastSent = Date.now();
        try {
          await this.show(reply);
        } catch (error) {
          this.log(`slack: progress update failed: ${(error as Error).message}`);
        }
      }
    } finally {
      // Cleared in the same step as the loop's last check: a report arriving next starts a new drain.
      this.running = undefined;
    }
  }
}
