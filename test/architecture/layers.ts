// The import rule of the README's architecture section, as code: which layer a file belongs to,
// which layers it may import, and the import graph of src/ and commands/ as TypeScript's own
// parser reads it (static imports, `export … from`, `import type` and dynamic `import()` alike).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Layer = 'root' | 'dashboard' | 'platforms' | 'app' | 'commands' | 'kit' | 'classifier' | 'core' | 'db';

/**
 * The command kit is what a command is written with (defineCommand, its types, preconditions): it
 * lives in src/app but sits below commands/, and imports only the core.
 */
const KIT = new Set(['src/app/command.ts', 'src/app/command-shape.ts', 'src/app/preconditions.ts']);

export function layerOf(file: string): Layer {
  if (KIT.has(file)) return 'kit';
  if (file.startsWith('commands/')) return 'commands';
  const [top, folder] = file.split('/');
  if (top !== 'src') throw new Error(`${file} is outside src/ and commands/`);
  if (!file.slice('src/'.length).includes('/')) return 'root';
  if (folder === 'generated') return 'db';
  // Teaching content (lesson files, the glossary) is data the core reads: it imports nothing above the core.
  if (folder === 'content') return 'core';
  if (folder === 'dashboard') return 'dashboard';
  if (folder === 'platforms' || folder === 'app' || folder === 'classifier' || folder === 'core' || folder === 'db') return folder;
  throw new Error(`${file}: no layer for src/${folder}/ (add it to test/architecture/layers.ts and the README)`);
}

/**
 * Downward only: platforms → app → commands → kit → core, the classifier beside the core. The db
 * implements the core's and the classifier's ports, so it imports them, and only the composition
 * root (src/main.ts and its helpers) imports the db, handing its stores in.
 */
export const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  root: ['root', 'dashboard', 'platforms', 'app', 'commands', 'kit', 'classifier', 'core', 'db'],
  // The web dashboard is a platform of its own (HTTP pages instead of chat) that also keeps its sign-in
  // links and sessions in Postgres and reads the model registry: for now it reaches the db itself,
  // where the chat platforms get their stores from the composition root.
  dashboard: ['dashboard', 'platforms', 'app', 'commands', 'kit', 'classifier', 'core', 'db'],
  platforms: ['platforms', 'app', 'commands', 'kit', 'classifier', 'core'],
  app: ['app', 'commands', 'kit', 'classifier', 'core'],
  commands: ['commands', 'kit', 'classifier', 'core'],
  kit: ['kit', 'core'],
  classifier: ['classifier', 'core'],
  core: ['core'],
  db: ['db', 'classifier', 'core'],
};

/** File → the repository files it imports (relative imports only; packages are not layers). */
export type ImportGraph = Map<string, string[]>;

export interface Problem {
  kind: 'layer' | 'cycle';
  message: string;
}

function specifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFiles(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(root, relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** The import graph of src/ (but the generated Prisma client, which imports only itself) and commands/. */
export function readImportGraph(root: string): ImportGraph {
  const files = [...tsFiles(root, 'src'), ...tsFiles(root, 'commands')].filter((file) => !file.startsWith('src/generated/'));
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
    const targets = specifiers(source)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Imports that point up a layer, or into the db from anywhere but the composition root. */
export function layerProblems(graph: ImportGraph): Problem[] {
  const problems: Problem[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    for (const target of targets) {
      const to = layerOf(target);
      if (!MAY_IMPORT[from].includes(to)) problems.push({ kind: 'layer', message: `${file} (${from}) imports ${target} (${to})` });
    }
  }
  return problems;
}

/** Every group of files that import each other, round and round (Tarjan's strongly connected components). */
export function cycleProblems(graph: ImportGraph): Problem[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const problems: Problem[] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    const selfImport = (graph.get(file) ?? []).includes(file);
    if (group.length > 1 || selfImport) problems.push({ kind: 'cycle', message: `these import each other: ${group.sort().join(' ↔ ')}` });
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return problems;
}
