// npm run models:pull [-- name ...]: fetch backbones from their public origin, or copy them from
// MODEL_MIRROR (e.g. ../shared/models), checking every file against the committed manifest.
import { BACKBONE_NAMES, backboneMembers, ModelFilesError, pullBackbone } from '../src/classifier/pipeline/index.ts';

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = requested.length > 0 ? requested.flatMap(backboneMembers) : [...BACKBONE_NAMES];
const mirror = process.env.MODEL_MIRROR || undefined;

try {
  for (const name of names) await pullBackbone(name, { mirror, log: (line) => console.log(line) });
} catch (error) {
  console.error(error instanceof ModelFilesError ? `models:pull refused: ${error.message}` : error);
  process.exitCode = 1;
}
