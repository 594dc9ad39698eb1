// A cheap check repeated in the background: never two at once, never keeping the process alive,
// and a failing one (the database is down) logged once until it works again, then retried.

export interface Repeating {
  stop(): void;
}

export function repeatEvery(everyMs: number, check: () => Promise<void>, log: (line: string) => void, what: string): Repeating {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;
  const tick = async () => {
    try {
      await check();
      if (failing) log(`${what}: working again`);
      failing = false;
    } catch (error) {
      if (!failing) log(`${what} failed (retrying every ${everyMs} ms): ${error instanceof Error ? error.message : String(error)}`);
      failing = true;
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), everyMs);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
