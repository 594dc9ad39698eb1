// Requests wait their turn: at most `concurrency` run at once and `maxWaiting` wait; past that a
// request is refused at once with BusyError (the HTTP service answers 503 with Retry-After)
// instead of piling up until memory runs out. A waiting request whose caller gave up (its signal
// aborts: the HTTP client disconnected) leaves the line and never runs.
export class BusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the classifier is busy');
    this.name = 'BusyError';
  }
}

/** The caller left before its turn came; nobody is waiting for an answer. */
export class AbandonedError extends Error {
  constructor() {
    super('the caller left before its turn');
    this.name = 'AbandonedError';
  }
}

export interface QueueOptions {
  concurrency: number;
  maxWaiting: number;
  /** What Retry-After suggests when refusing. */
  retryAfterSeconds?: number;
}

export interface QueueStats {
  running: number;
  waiting: number;
  concurrency: number;
  maxWaiting: number;
  /** Waiting requests dropped because their caller left, since start. */
  abandoned: number;
}

export class RequestQueue {
  private running = 0;
  private abandoned = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: QueueOptions) {
    if (options.concurrency < 1 || options.maxWaiting < 0) throw new Error('queue needs concurrency >= 1 and maxWaiting >= 0');
  }

  get stats(): QueueStats {
    const { concurrency, maxWaiting } = this.options;
    return { running: this.running, waiting: this.waiting.length, concurrency, maxWaiting, abandoned: this.abandoned };
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new AbandonedError();
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxWaiting) throw new BusyError(this.options.retryAfterSeconds ?? 2);
      await this.turn(signal);
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `running` never dips and lets a newcomer jump the line.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Resolves when a finishing task hands over its slot; rejects, out of line, if `signal` aborts first. */
  private turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        const index = this.waiting.indexOf(granted);
        if (index < 0) return;
        this.waiting.splice(index, 1);
        this.abandoned += 1;
        reject(new AbandonedError());
      };
      const granted = () => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      this.waiting.push(granted);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }
}
