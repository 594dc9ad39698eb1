// Whether a request's writes may have reached the database. When a request fails because the
// database stopped answering, this decides what the member is told: "this wasn't recorded" only
// when none of its writes could have landed, else "I couldn't confirm it was saved". The pool's
// connections note every write that lands on its own (an autocommit statement, a COMMIT) in the
// trace of the request that sent it, found through AsyncLocalStorage. So a traced request's writes
// must start in its own async context: Prisma's batch `$transaction([...])` doesn't (its DataLoader
// sends every batch queued in one tick from the context of the request that queued first); single
// operations, nested writes and interactive transactions do (test/db/write-trace.test.ts).
import { AsyncLocalStorage } from 'node:async_hooks';

export class WriteTrace {
  private landed = false;
  private inFlight = 0;

  /** True once a write was saved, is still on its way, or was sent and its outcome is unknown. */
  get mayHaveWritten(): boolean {
    return this.landed || this.inFlight > 0;
  }

  /**
   * A statement that would save something is being sent. Call the returned function with how it
   * ended; 'refused' means the server turned it down (a unique violation, say) and nothing was saved.
   */
  sending(): (outcome: 'saved' | 'refused' | 'unknown') => void {
    this.inFlight++;
    let settled = false;
    return (outcome) => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      if (outcome !== 'refused') this.landed = true;
    };
  }
}

export interface Traced<T> {
  done: Promise<T>;
  trace: WriteTrace;
}

export class WriteTracer {
  private readonly current = new AsyncLocalStorage<WriteTrace>();

  /** Runs `work` with a fresh trace that every write it sends reports to. */
  run<T>(work: () => Promise<T>): Traced<T> {
    const trace = new WriteTrace();
    return { done: this.current.run(trace, work), trace };
  }

  /** The trace of the request running now, if it is traced. */
  active(): WriteTrace | undefined {
    return this.current.getStore();
  }
}
