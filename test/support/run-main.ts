// Runs the real program (src/main.ts) as a child process, the way `npm start` does, and collects
// what it printed. Platform tokens are removed so the console classroom is what starts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runMain(args: string[], env: Record<string, string>, stdin = ''): Promise<MainRun> {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(DISCORD_|SLACK_|DATABASE_URL$|CLASSIFIER_URL$|DATA_DIR$)/.test(name)) childEnv[name] = value;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...childEnv, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
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
