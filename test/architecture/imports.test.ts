// Imports point one way (README, Architecture): every src/ and commands/ file's imports, read by
// TypeScript's parser, stay inside the layers its layer may use, and no files import each other
// round in a cycle. The checker is first shown to catch a planted back-import and a cycle.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycleProblems, layerOf, layerProblems, readImportGraph, type ImportGraph } from './layers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const graph = readImportGraph(ROOT);

describe('the import checker', () => {
  const planted: ImportGraph = new Map([
    ['src/main.ts', ['src/app/classroom.ts', 'src/db/client.ts']],
    ['src/app/classroom.ts', ['commands/lesson.ts', 'src/db/client.ts']],
    ['commands/lesson.ts', ['src/app/command.ts', 'src/core/reply.ts']],
    ['src/app/command.ts', ['src/core/reply.ts']],
    ['src/core/reply.ts', ['src/core/errors.ts']],
    // The plants: the core reaching up into the app, and two core files importing each other.
    ['src/core/errors.ts', ['src/app/dispatcher.ts', 'src/core/reply.ts']],
    ['src/app/dispatcher.ts', []],
    ['src/db/client.ts', ['src/core/reply.ts']],
  ]);

  it('reports an import that points up a layer, and the db imported by anything but the root', () => {
    expect(layerProblems(planted).map((p) => p.message)).toEqual([
      'src/app/classroom.ts (app) imports src/db/client.ts (db)',
      'src/core/errors.ts (core) imports src/app/dispatcher.ts (app)',
    ]);
  });

  it('reports files that import each other', () => {
    expect(cycleProblems(planted).map((p) => p.message)).toEqual(['these import each other: src/core/errors.ts ↔ src/core/reply.ts']);
  });

  it('puts the command kit below commands/ and the composition root above everything', () => {
    expect(['src/app/command.ts', 'src/app/dispatcher.ts', 'commands/quiz.ts', 'src/main.ts', 'src/generated/prisma/client.ts'].map(layerOf)).toEqual([
      'kit',
      'app',
      'commands',
      'root',
      'db',
    ]);
  });
});

describe('src/ and commands/', () => {
  it('reads every file and resolves every relative import to a file that exists', () => {
    expect(graph.size).toBeGreaterThan(100);
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !existsSync(`${ROOT}/${t}`)).map((t) => `${file} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('imports point down, and only the composition root imports the db', () => {
    expect(layerProblems(graph).map((p) => p.message)).toEqual([]);
  });

  it('no files import each other in a cycle', () => {
    expect(cycleProblems(graph).map((p) => p.message)).toEqual([]);
  });
});
