// The real program started exactly as an operator starts it, `npm start`, in a process group of
// its own (as a terminal or a service manager gives it), so a test can signal npm's pid or the
// whole group and then check that the reply arrived and that no process of the tree is left.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The environment of this test run without any platform token or database of its own. */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(DISCORD_|SLACK_|DATABASE_URL$|CLASSIFIER_URL$|DATA_DIR$|PORT$)/.test(name)) clean[name] = value;
  }
  return { ...clean, ...env };
}

export class StartedProgram {
  output = '';
  readonly exited: Promise<Exit>;
  /** Every pid seen in the program's process group while it ran (npm, node, helpers), with its command line. */
  readonly seenPids = new Map<number, string>();
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();

  /** `npm start` (with its prestart) and any extra arguments, in a new process group. */
  static npmStart(env: Record<string, string>, args: string[] = []): StartedProgram {
    return new StartedProgram('npm', ['start', ...(args.length ? ['--', ...args] : [])], env);
  }

  /** A TypeScript file run as npm start runs main.ts (`node --import tsx`), in a new process group. */
  static script(path: string, env: Record<string, string> = {}): StartedProgram {
    return new StartedProgram(process.execPath, ['--import', 'tsx', path], env);
  }

  private constructor(command: string, args: string[], env: Record<string, string>) {
    this.child = spawn(command, args, {
      cwd: root,
      env: cleanEnv(env),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        this.output += chunk;
        for (const listener of [...this.listeners]) listener();
      });
    }
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  /** The started process's pid (npm's, for npmStart), which is also the process group's id. */
  get pid(): number {
    return this.child.pid!;
  }

  get stdin(): NodeJS.WritableStream {
    return this.child.stdin!;
  }

  /** The pids in the group now (npm, the node it runs, anything they started); remembered in seenPids. */
  groupPids(): number[] {
    let listing = '';
    try {
      listing = execFileSync('ps', ['-o', 'pid=,args=', '-g', String(this.pid)], { encoding: 'utf8' });
    } catch {
      // ps exits 1 when nothing matches: the group is empty.
    }
    const pids: number[] = [];
    for (const line of listing.split('\n')) {
      const [, pid, args] = /^\s*(\d+)\s+(.*)$/.exec(line) ?? [];
      if (!pid) continue;
      pids.push(Number(pid));
      this.seenPids.set(Number(pid), args ?? '');
    }
    return pids;
  }

  /** The pid of the node process npm runs `src/main.ts` in (npm's direct child once it is up). */
  appPid(): number | undefined {
    const listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(this.pid)], { encoding: 'utf8' }).trim();
    const line = listing.split('\n').find((l) => l.includes('src/main.ts'));
    return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
  }

  /** Resolves once the output matches; fails early, with the output, if the program exits first. */
  async waitForOutput(pattern: RegExp, label: string, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    let timer: NodeJS.Timeout | undefined;
    let listener: (() => void) | undefined;
    try {
      return await new Promise<RegExpMatchArray>((resolve, reject) => {
        listener = () => {
          const match = pattern.exec(this.output);
          if (match) resolve(match);
        };
        this.listeners.add(listener);
        listener();
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}; output:\n${this.output}`)), timeoutMs);
        void this.exited.then((exit) => reject(new Error(`the program exited (${JSON.stringify(exit)}) before ${label}; output:\n${this.output}`)));
      });
    } finally {
      clearTimeout(timer);
      if (listener) this.listeners.delete(listener);
    }
  }

  /** kill(pid): what `docker stop` or `kill <pid>` does. */
  signal(signal: NodeJS.Signals): void {
    process.kill(this.pid, signal);
  }

  /** kill(-pgid): what Ctrl-C in a terminal or systemd's stop does. */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.pid, signal);
  }

  /** Processes seen during the run that still exist (ESRCH means gone), as "pid command". */
  survivors(): string[] {
    return [...this.seenPids]
      .filter(([pid]) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch (error) {
          return (error as NodeJS.ErrnoException).code !== 'ESRCH';
        }
      })
      .map(([pid, args]) => `${pid} ${args}`);
  }

  /**
   * Waits until no process of the tree is left (a helper such as tsx's esbuild service ends a
   * moment after the node that started it); returns what is still running after `timeoutMs`.
   */
  async treeGone(timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.groupPids().length === 0 && this.survivors().length === 0) return [];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.groupPids();
    return this.survivors();
  }

  /** Test clean-up: ends whatever of this group still runs, so no test leaves a bot behind. */
  async cleanUp(): Promise<void> {
    this.forceEnd();
    await this.exited;
  }

  /** Test clean-up only: whatever of this group is still running is killed, so no test leaves a bot behind. */
  forceEnd(): void {
    // Only what is in the group now: a pid seen earlier may since belong to another process.
    for (const pid of this.groupPids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
