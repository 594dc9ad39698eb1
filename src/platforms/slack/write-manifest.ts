// npm run slack:manifest: writes slack/manifest.json from the command definitions (the core's and
// the classifier plugin's, as src/main.ts composes them). Pass a request URL to fill it in.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreCommands } from '../../../commands/index.ts';
import { classifierCommands } from '../../app/classifier-plugin.ts';
import { buildManifest, PLACEHOLDER_REQUEST_URL } from './manifest.ts';

export const MANIFEST_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'slack', 'manifest.json');

export function manifestJson(requestUrl = PLACEHOLDER_REQUEST_URL): string {
  return `${JSON.stringify(buildManifest([...coreCommands, ...classifierCommands], requestUrl), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const requestUrl = process.argv[2];
  const target = requestUrl ? path.resolve('slack', 'manifest.local.json') : MANIFEST_PATH;
  await writeFile(target, manifestJson(requestUrl));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
