// Requests wait their turn: at most `concurrency` run at once and `maxWaiting` wait; past that a
// request is refused at once with BusyError (the HTTP service answers 503 with Retry-After)
// instead of piling up until memory runs out.
export class BusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the classifier is busy');
    this.name = 'BusyError';
  }
}

export interface QueueOptions {
  concurrency: number;
  maxWaiting: number;
  /** What Retry-After suggests when refusing. */
  retryAfterSeconds?: number;
}

export class RequestQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: QueueOptions) {
    if (options.concurrency < 1 || options.maxWaiting < 0) throw new Error('queue needs concurrency >= 1 and maxWaiting >= 0');
  }

  get stats(): { running: number; waiting: number; concurrency: number; maxWaiting: number } {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.options.concurrency, maxWaiting: this.options.maxWaiting };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxWaiting) throw new BusyError(this.options.retryAfterSeconds ?? 2);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
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
}
