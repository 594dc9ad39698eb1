// npm run models:pull [-- name ...]: fetch backbones from their public origin, or copy them from
// a mirror folder, checking every file against the committed manifest.
//
// The mirror is MODEL_MIRROR, else a sibling ../shared/models when one exists (every machine of
// this workplace has it, and its origin is out of reach from them). `--soft` (used by `npm start`)
// turns a failure into one warning line: lessons work without backbones, /predict says how to fix it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BACKBONE_NAMES, backboneMembers, ModelFilesError, projectRoot, pullBackbone } from '../src/classifier/pipeline/index.ts';

const soft = process.argv.includes('--soft');
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = requested.length > 0 ? requested.flatMap(backboneMembers) : [...BACKBONE_NAMES];
const sibling = path.join(projectRoot, '..', 'shared', 'models');
const mirror = process.env.MODEL_MIRROR || (existsSync(sibling) ? sibling : undefined);

try {
  for (const name of names) {
    await pullBackbone(name, { ...(mirror ? { mirror } : {}), log: (line) => console.log(line) });
  }
} catch (error) {
  const reason = error instanceof ModelFilesError ? error.message : error instanceof Error ? error.message : String(error);
  if (soft) {
    console.warn(`models:pull: backbones not available (${reason}). Lessons work; /predict and /model need \`npm run models:pull\`.`);
  } else {
    console.error(`models:pull refused: ${reason}`);
    process.exitCode = 1;
  }
}
