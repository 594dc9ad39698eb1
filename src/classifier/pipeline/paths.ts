import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: src/classifier/pipeline is three folders below it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Committed manifests live in models/<name>/manifest.json; MODELS_DIR lets tests and services point elsewhere. */
export function modelsDir(): string {
  return process.env.MODELS_DIR ? path.resolve(process.env.MODELS_DIR) : path.join(projectRoot, 'models');
}

/**
 * Where `npm run models:pull` puts a backbone's files. Everything under models/<name>/weights/ is
 * git-ignored, including the puller's temporary folders beside `files/`.
 */
export function weightsDir(name: string, root = modelsDir()): string {
  return path.join(root, name, 'weights', 'files');
}

/** The shipped default head for the default backbone. */
export function defaultHeadPath(): string {
  return path.join(modelsDir(), 'heads', 'default.json');
}
