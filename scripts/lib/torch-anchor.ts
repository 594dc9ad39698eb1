import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const PYTHON = '/usr/bin/python3';

export interface TorchTimings {
  version: string;
  /** ms per photo to the 768 features, keyed "threads=2 batch=16". */
  msPerPhoto: Map<string, number>;
}

/**
 * Runs ../shared/anchors/torch_mobilenet.py (the same MobileNet rebuilt in PyTorch) when Debian's
 * python3-torch is installed; undefined, with the reason, when it is not. Arguments are passed as
 * an array, never through a shell.
 */
export function runTorchAnchor(sharedDir: string, modelDir: string, photos: readonly string[]): TorchTimings | { skipped: string } {
  const script = path.join(sharedDir, 'anchors', 'torch_mobilenet.py');
  if (!existsSync(PYTHON) || !existsSync(script)) return { skipped: `${PYTHON} or ${script} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch, PIL'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3-torch or python3-pil is not installed (apt-get install python3-torch python3-pil)' };
  const run = spawnSync(PYTHON, [script, modelDir, ...photos], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return { skipped: `torch_mobilenet.py failed: ${run.stderr.trim().split('\n').pop()}` };
  const msPerPhoto = new Map<string, number>();
  let version = '?';
  for (const match of run.stdout.matchAll(/^torch (\S+) (threads=\d+ batch=\d+): ([\d.]+) ms\/photo/gm)) {
    version = match[1]!;
    msPerPhoto.set(match[2]!, Number(match[3]));
  }
  if (msPerPhoto.size === 0) return { skipped: `no timings in torch_mobilenet.py output: ${run.stdout.slice(0, 200)}` };
  return { version, msPerPhoto };
}
