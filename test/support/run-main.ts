// Runs the real program (src/main.ts) as a child process, the way `npm start` does, and collects
// what it printed. Platform tokens are removed so the console classroom is what starts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This process's environment without any platform token or database setting, plus `env`. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(DISCORD_|SLACK_|DATABASE_URL$|CLASSIFIER_URL$|DATA_DIR$)/.test(name)) kept[name] = value;
  }
  return { ...kept, ...env };
}

function spawnMain(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
}

export function runMain(args: string[], env: Record<string, string>, stdin = ''): Promise<MainRun> {
  const child = spawnMain(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningMain {
  pid: number;
  /** Everything it wrote to stderr so far (its log). */
  stderr(): string;
  /** Resolves with the first match of `pattern` in its log; rejects if it exits first or after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`; resolves with its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts the real program and leaves it running (a bot serving a platform), logging to a buffer. */
export function startMain(env: Record<string, string>): RunningMain {
  const child = spawnMain([], env);
  let stderr = '';
  child.stdout.resume();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    pid: child.pid!,
    stderr: () => stderr,
    waitForLog(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pattern.exec(stderr);
          if (!found) return;
          done();
          resolve(found);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} in the bot's log after ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`the bot exited (${code}) before logging ${pattern}:\n${stderr}`));
        };
        const done = () => {
          clearTimeout(timer);
          child.stderr.off('data', check);
          child.off('close', onExit);
        };
        child.stderr.on('data', check);
        child.on('close', onExit);
        check();
      });
    },
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface ConsoleMain extends RunningMain {
  /** Types one line into the console classroom. */
  type(line: string): void;
  /** Resolves with the first match of `pattern` in what it printed since the last `type`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stdout(): string;
}

/** Starts the real program's console classroom with its standard input left open, to be typed into. */
export function startConsoleMain(args: string[], env: Record<string, string>): ConsoleMain {
  const child = spawnMain(args, env);
  let stdout = '';
  let stderr = '';
  let mark = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitIn = (stream: NodeJS.ReadableStream, text: () => string, pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const found = pattern.exec(text());
        if (found) {
          done();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} after ${timeoutMs} ms:\n${text()}\n--- log:\n${stderr}`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`the program exited (${code}) before ${pattern}:\n${stderr}`));
      };
      const done = () => {
        clearTimeout(timer);
        stream.off('data', check);
        child.off('close', onExit);
      };
      stream.on('data', check);
      child.on('close', onExit);
      check();
    });
  return {
    pid: child.pid!,
    stderr: () => stderr,
    stdout: () => stdout,
    type(line) {
      mark = stdout.length;
      child.stdin.write(`${line}\n`);
    },
    waitForOutput: (pattern, timeoutMs) => {
      const from = mark;
      return waitIn(child.stdout, () => stdout.slice(from), pattern, timeoutMs);
    },
    waitForLog: (pattern, timeoutMs) => waitIn(child.stderr, () => stderr, pattern, timeoutMs),
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
