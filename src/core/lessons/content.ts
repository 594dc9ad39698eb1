// Lessons are data, not code: each lives in one `lesson-NN.json` file in src/content/lessons/
// (NN is the lesson id, e.g. lesson-07.json for lesson 7). To add a lesson, drop one more such
// file there: `loadLessons` picks it up at start, checks every field in both languages and
// refuses the whole catalog, naming the file and the field, if anything is wrong. Other files in
// the folder (a README, a draft named otherwise) are left alone.
// A text may quote a figure of the shipped classifier as `{{head.test.accuracy}}`; the figures are
// read from the head files when the lessons load (head-figures.ts), and an unknown name is refused.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { Localized } from '../reply.ts';
import { bankSchema, formatPath, lessonSchema } from './content-schema.ts';
import { readHeadFigures, type LessonFigures } from './head-figures.ts';

export { LIMITS } from './content-schema.ts';

export interface LessonSection {
  id: string;
  title: Localized;
  body: Localized;
  code?: { language: string; text: Localized };
  /** `rows[i][0]` names row i; the other cells line up under `columns[1..]`. */
  table?: { columns: Localized[]; rows: Localized[][] };
}

export interface QuizOption {
  id: string;
  text: Localized;
  /** Why this option is right or wrong, shown once the member has picked it. */
  feedback: Localized;
}

export interface QuizQuestion {
  id: string;
  prompt: Localized;
  options: QuizOption[];
  /** The id of the right option. */
  answer: string;
  explanation: Localized;
  /** True for the questions written from the lesson's seed text (the lesson file's own quiz), false for the bank file's. */
  seed?: boolean;
}

export type StepGrader = { kind: 'number'; expected: number } | { kind: 'linear'; inFeatures: number; outFeatures: number; classList?: string };

export interface ChallengeStep {
  /** 1..n, in the order the steps are asked. */
  step: number;
  question: Localized;
  hint: Localized;
  solution: Localized;
  grader: StepGrader;
}

export interface Challenge {
  id: string;
  title: Localized;
  scenario: Localized;
  /** Printed output the sizes are read from, so the scenario needn't state them. */
  code?: { language: string; text: string };
  steps: ChallengeStep[];
}

export interface Lesson {
  id: number;
  slug: string;
  title: Localized;
  summary: Localized;
  sections: LessonSection[];
  /** The question bank: the lesson file's seed questions, then its bank file's. */
  quiz: QuizQuestion[];
  /** How many of the bank's questions one attempt asks (all of them when there is no bank file). */
  quizDraw?: number;
  challenge: Challenge;
}

/** A content file that can't be taught from. `problems` lists each one as "field path: what is wrong". */
export class LessonContentError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${fileName}: ${p}`).join('\n'));
    this.name = 'LessonContentError';
  }
}

export class LessonCatalog {
  private readonly byId: Map<number, Lesson>;

  constructor(lessons: Lesson[]) {
    this.byId = new Map([...lessons].sort((a, b) => a.id - b.id).map((l) => [l.id, l]));
  }

  /** Every lesson, by id. */
  list(): Lesson[] {
    return [...this.byId.values()];
  }

  get(id: number): Lesson | undefined {
    return this.byId.get(id);
  }
}

export const DEFAULT_LESSON_DIR = fileURLToPath(new URL('../../content/lessons/', import.meta.url));

const LESSON_FILE = /^lesson-(\d+)\.json$/;
const BANK_FILE = /^lesson-(\d+)\.bank\.json$/;

export function parseLesson(json: unknown, fileName: string): Lesson {
  const result = lessonSchema.safeParse(json);
  if (!result.success)
    throw new LessonContentError(
      fileName,
      result.error.issues.flatMap((i) => describeIssue(i, json)),
    );
  // The schema and the interfaces above describe the same shape; this line fails to compile if they drift.
  const lesson: Lesson = result.data;
  return lesson;
}

/** Adds a bank file's questions after the lesson's own (seed) questions. */
export function withBank(lesson: Lesson, json: unknown, fileName: string): Lesson {
  const result = bankSchema.safeParse(json);
  if (!result.success)
    throw new LessonContentError(
      fileName,
      result.error.issues.flatMap((i) => describeIssue(i, json)),
    );
  const bank = result.data;
  const problems: string[] = [];
  if (bank.lesson !== lesson.id) problems.push(`lesson is ${bank.lesson}, but the file name says lesson ${lesson.id}`);
  const seedIds = new Set(lesson.quiz.map((q) => q.id));
  bank.questions.forEach(
    (q, i) => seedIds.has(q.id) && problems.push(`questions[${i}].id "${q.id}" is already a question of lesson-${String(lesson.id).padStart(2, '0')}.json`),
  );
  const quiz = [...lesson.quiz.map((q) => ({ ...q, seed: true })), ...bank.questions.map((q) => ({ ...q, seed: false }))];
  if (bank.draw > quiz.length) problems.push(`draw is ${bank.draw}, but the bank has ${quiz.length} questions`);
  if (problems.length) throw new LessonContentError(fileName, problems);
  return { ...lesson, quiz, quizDraw: bank.draw };
}

/** `figures` is asked for once, and only when some text quotes a figure. */
export async function loadLessons(dir: string = DEFAULT_LESSON_DIR, figures: () => Promise<LessonFigures> = readHeadFigures): Promise<LessonCatalog> {
  const files = await readdir(dir);
  const banks = new Map(
    files.flatMap((n) => {
      const m = BANK_FILE.exec(n);
      return m ? [[Number(m[1]), n] as const] : [];
    }),
  );
  const names = files.filter((n) => LESSON_FILE.test(n)).sort();
  const lessons: Lesson[] = [];
  const fileOf = new Map<number, string>();
  let known: Promise<LessonFigures> | undefined;
  const lazyFigures = () => (known ??= figures());
  for (const name of names) {
    let lesson = parseLesson(await readJson(join(dir, name), name), name);
    const numberInName = Number(LESSON_FILE.exec(name)?.[1]);
    if (numberInName !== lesson.id) {
      throw new LessonContentError(name, [`id is ${lesson.id}, but the file name says lesson ${numberInName}`]);
    }
    const other = fileOf.get(lesson.id);
    if (other) throw new LessonContentError(name, [`id ${lesson.id} is already taken by ${other}`]);
    fileOf.set(lesson.id, name);
    const bankName = banks.get(lesson.id);
    if (bankName) lesson = withBank(lesson, await readJson(join(dir, bankName), bankName), bankName);
    banks.delete(lesson.id);
    lessons.push(await fillFigures(lesson, name, lazyFigures));
  }
  for (const [id, bankName] of banks) throw new LessonContentError(bankName, [`there is no lesson-${String(id).padStart(2, '0')}.json for this bank`]);
  return new LessonCatalog(lessons);
}

const FIGURE = /\{\{\s*([a-z0-9.-]+)\s*\}\}/g;

/** Every `{{name}}` in the lesson's texts replaced by its figure; unknown names are refused together. */
export async function fillFigures(lesson: Lesson, fileName: string, figures: () => Promise<LessonFigures>): Promise<Lesson> {
  if (!JSON.stringify(lesson).match(FIGURE)) return lesson;
  const values = await figures();
  const problems: string[] = [];
  const fill = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      return value.replace(FIGURE, (whole, name: string) => {
        const figure = values[name];
        if (figure !== undefined) return figure;
        problems.push(`${formatPath(path)} quotes ${whole}, which is not a known figure (${Object.keys(values).join(', ')})`);
        return whole;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => fill(v, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, [...path, k])]));
    }
    return value;
  };
  const filled = fill(lesson, []) as Lesson;
  if (problems.length) throw new LessonContentError(fileName, problems);
  return filled;
}

async function readJson(path: string, name: string): Promise<unknown> {
  const raw = await readFile(path, 'utf8');
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new LessonContentError(name, [`is not valid JSON (${(error as Error).message})`]);
  }
}

/** Turns a zod issue into words a content author can act on, e.g. "quiz[1].answer is missing". */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string[] {
  const where = formatPath(issue.path) || 'the file';
  const value = valueAt(json, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return [`${where} is missing`];
      return [`${where} should be ${article(issue.expected)}, not ${describeValue(value)}`];
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPath([...issue.path, key])} is not a known field (a typo?)`);
    case 'too_big':
    case 'too_small': {
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      if (typeof value === 'string') return [`${where} is ${value.length} characters long; the limit is ${bound}`];
      if (Array.isArray(value)) {
        const need = issue.exact ? `exactly ${bound}` : issue.code === 'too_big' ? `at most ${bound}` : `at least ${bound}`;
        return [`${where} has ${value.length} item(s); it needs ${need}`];
      }
      return [`${where} is ${String(value)}; it should be ${issue.code === 'too_big' ? 'at most' : 'more than'} ${bound}`];
    }
    case 'invalid_union':
      return [`${where} is ${describeValue(value)}; ${issue.message}`];
    default:
      return [`${where} ${issue.message}`];
  }
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = json;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
