// How a long-running process (the bot, the classifier service) stops on SIGTERM or SIGINT. A
// deploy, `docker stop`, systemd and Ctrl-C all send one of these. The first begins the graceful
// stop; later ones only say it is still under way, because npm relays a group's signal to the
// app, so one Ctrl-C or one `kill -- -pgid` arrives twice and must not cut the work it protects.
// A deadline ends the process even if something hangs.

export interface StoppingOptions {
  log: (line: string) => void;
  /** How long the stop may take, from its beginning, before the process exits anyway (code 1). */
  deadlineMs: number;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export class Stopping {
  private readonly controller = new AbortController();
  private startedAt: number | undefined;
  private signalled: string | undefined;
  private resolveRequested!: () => void;
  /** Resolves once the stop has begun (a signal, or the process's own end of work). */
  readonly requested = new Promise<void>((resolve) => (this.resolveRequested = resolve));

  constructor(private readonly options: StoppingOptions) {}

  /** Aborted when the stop begins: start-up stops at its next step, the console stops reading. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get begun(): boolean {
    return this.startedAt !== undefined;
  }

  /** The signal that began the stop, if one did. */
  get bySignal(): string | undefined {
    return this.signalled;
  }

  /** Handles SIGINT and SIGTERM from now on (for the whole life of the process). */
  listen(): this {
    for (const name of STOP_SIGNALS) process.on(name, () => this.onSignal(name));
    return this;
  }

  /** Begins the stop once (later calls do nothing) and arms the deadline; `reason` is logged. */
  begin(reason?: string): void {
    if (this.startedAt !== undefined) return;
    this.startedAt = Date.now();
    if (reason) this.options.log(reason);
    // Not unref'd: a stop that hangs must still end the process, and a clean one exits first.
    setTimeout(() => {
      this.options.log(`still not stopped after ${seconds(this.options.deadlineMs)} s: exiting with work unfinished`);
      process.exit(1);
    }, this.options.deadlineMs);
    this.controller.abort();
    this.resolveRequested();
  }

  private onSignal(name: string): void {
    if (this.startedAt === undefined) {
      this.signalled = name;
      this.begin(`${name}: stopping. No new requests; finishing the acknowledged ones (at most ${seconds(this.options.deadlineMs)} s)`);
      return;
    }
    const left = Math.max(0, this.startedAt + this.options.deadlineMs - Date.now());
    this.options.log(
      `${name} again: still finishing acknowledged work; exits within ${seconds(left)} s at the latest (SIGKILL ends it now and loses that work)`,
    );
  }
}

const seconds = (ms: number) => Math.ceil(ms / 1000);
