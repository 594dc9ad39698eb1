import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LESSON_DIR, LIMITS, LessonContentError, loadLessons, parseLesson, type Lesson } from '../../src/core/lessons/content.ts';

const REAL_FILE = join(DEFAULT_LESSON_DIR, 'lesson-07.json');
const SECTION_IDS = [
  'welcome',
  'pretrained-weights',
  'components',
  'efficiency',
  'two-ways',
  'freezing',
  'new-head',
  'optimizer',
  'inputs',
  'training-loop',
  'predictions',
  'our-classifier',
];
const HANGUL = /[\uAC00-\uD7A3]/;

// Lesson JSON as plain data, so a test can break it the way an author might.
// biome-ignore lint/suspicious/noExplicitAny: the test edits arbitrary paths of the real lesson file to make it invalid.
type Json = Record<string, any>;
const readReal = async (): Promise<Json> => JSON.parse(await readFile(REAL_FILE, 'utf8')) as Json;

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Writes lesson files into a fresh folder, as if an author had dropped them into src/content/lessons. */
async function folderWith(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lessons-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

async function loadError(files: Record<string, unknown>): Promise<LessonContentError> {
  const error = await loadLessons(await folderWith(files)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LessonContentError);
  return error as LessonContentError;
}

/** Every Localized text in a lesson, with where it sits. */
function localizedTexts(value: unknown, path = ''): { path: string; ko: string; en: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if ('ko' in record || 'en' in record) return [{ path, ko: record.ko as string, en: record.en as string }];
  return Object.entries(record).flatMap(([k, v]) => localizedTexts(v, path ? `${path}.${k}` : k));
}

describe('the real lesson 7 file', () => {
  it('loads into a catalog that finds lesson 7 by id', async () => {
    const catalog = await loadLessons();
    expect(catalog.list().map((l) => l.id)).toEqual([7]);
    const lesson = catalog.get(7);
    expect(lesson?.slug).toBe('transfer-learning');
    expect(lesson?.sections.map((s) => s.id)).toEqual(SECTION_IDS);
    // The seed's three questions (the lesson file's), then the bank file's.
    expect(lesson?.quiz.filter((q) => q.seed).map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(lesson?.quiz.length).toBeGreaterThanOrEqual(12);
    expect(lesson?.challenge.steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(catalog.get(8)).toBeUndefined();
  });

  it('has every text in natural Korean and English: none empty, none left untranslated', async () => {
    const lesson = parseLesson(await readReal(), 'lesson-07.json');
    const texts = localizedTexts(lesson);
    // 2 lesson + (2 + code + table cells) per section + 3×(2 + 4×2) quiz + 2 + 3×3 challenge texts.
    const sectionTexts = lesson.sections.reduce((n, s) => n + 2 + (s.code ? 1 : 0) + (s.table ? s.table.columns.length * (1 + s.table.rows.length) : 0), 0);
    expect(texts).toHaveLength(2 + sectionTexts + 30 + 2 + 9);
    for (const { path, ko, en } of texts) {
      expect(ko.trim(), `${path}.ko`).not.toBe('');
      expect(en.trim(), `${path}.en`).not.toBe('');
      expect(ko, `${path}.ko should be Korean`).toMatch(HANGUL);
      expect(en, `${path}.en should be English`).not.toMatch(HANGUL);
      expect(ko, `${path}: the Korean should not just repeat the English`).not.toBe(en);
    }
  });

  it('fits what Discord can show: option labels, prompts, bodies, feedback', async () => {
    const lesson = parseLesson(await readReal(), 'lesson-07.json');
    for (const lang of ['ko', 'en'] as const) {
      for (const s of lesson.sections) {
        expect(s.body[lang].length).toBeLessThan(LIMITS.sectionBody);
        expect(s.body[lang].length + (s.code?.text[lang].length ?? 0)).toBeLessThanOrEqual(LIMITS.sectionText);
      }
      for (const q of lesson.quiz) {
        expect(q.prompt[lang].length).toBeLessThan(LIMITS.prompt);
        expect(q.explanation[lang].length).toBeLessThan(LIMITS.explanation);
        for (const o of q.options) {
          expect(o.text[lang].length).toBeLessThan(LIMITS.optionText);
          expect(o.feedback[lang].length).toBeLessThan(LIMITS.feedback);
        }
      }
    }
  });

  it('asks the quiz with four options a..d, the right one in a different place each time', async () => {
    const lesson = parseLesson(await readReal(), 'lesson-07.json');
    for (const q of lesson.quiz) expect(q.options.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd']);
    const answers = lesson.quiz.map((q) => q.answer);
    expect(new Set(answers).size).toBe(answers.length);
    // Feedback tells right from wrong in the same words the explanation uses.
    for (const q of lesson.quiz) {
      for (const o of q.options) {
        const saysCorrect = o.feedback.en.startsWith('Correct.') && o.feedback.ko.startsWith('정답이에요.');
        expect(saysCorrect, `${q.id} option ${o.id}`).toBe(o.id === q.answer);
      }
    }
  });
});

describe("the content keeps the seed's meaning", () => {
  let lesson: Lesson;
  const load = async () => (lesson = parseLesson(await readReal(), 'lesson-07.json'));
  const sectionText = (lang: 'ko' | 'en') => lesson.sections.map((s) => s.body[lang]).join('\n');
  // The seed's own questions, with its spelling of "pre-trained" and "Transfer Learning" evened out.
  const normalise = (s: string) => s.toLowerCase().replace(/-/g, '');
  const SEED_QUESTIONS = [
    'What is the primary advantage of using a model pre-trained on ImageNet for a new vision task?',
    'In a Transfer Learning workflow, which part of the neural network is typically frozen?',
    'When replacing the classifier head in PyTorch, what parameter must you first determine from the frozen base?',
  ];

  it('teaches ImageNet, its 14 million images and 1,000 categories, and the hierarchy of features', async () => {
    await load();
    const en = sectionText('en');
    const ko = sectionText('ko');
    for (const fact of ['ImageNet', '14 million', '1,000 of its categories', 'edges', 'textures', 'frozen', 'a week or more', 'a few hundred']) {
      expect(en).toContain(fact);
    }
    for (const fact of ['ImageNet', '1,400만', '1,000개 클래스', '모서리', '질감', '동결', '일주일', '수백 장']) expect(ko).toContain(fact);
    // The seed's own headings come first, in its order.
    expect(lesson.sections.slice(0, 4).map((s) => s.title.en)).toEqual([
      'Welcome to lesson 7',
      'The power of pretrained weights',
      'Source and target tasks',
      'The efficiency gains',
    ]);
    expect(lesson.sections[2]?.body.en).toMatch(/Source task[\s\S]*Target task[\s\S]*Reused components/);
  });

  it("asks the seed's three questions", async () => {
    await load();
    expect(lesson.quiz.filter((q) => q.seed !== false).map((q) => normalise(q.prompt.en))).toEqual(SEED_QUESTIONS.map(normalise));
  });

  it('poses the 512 → 7 challenge with the graders the challenge service expects', async () => {
    await load();
    const { challenge } = lesson;
    expect(challenge.title.en).toBe('Adapting the Classifier Head');
    expect(challenge.scenario.en).toMatch(/ResNet.*ImageNet/s);
    expect(challenge.scenario.ko).toMatch(/ImageNet.*ResNet/s);
    expect(challenge.steps.map((s) => s.grader)).toEqual([
      { kind: 'number', expected: 512 },
      { kind: 'linear', inFeatures: 512, outFeatures: 7, classList: 'class_names' },
      { kind: 'number', expected: 7 },
    ]);
    expect(challenge.steps[1]?.solution.en).toContain('new_layer = torch.nn.Linear(512, len(class_names))');
    expect(challenge.steps[1]?.solution.ko).toContain('new_layer = torch.nn.Linear(512, len(class_names))');
    // A hint points the way without handing over the number it asks for.
    expect(challenge.steps[0]?.hint.en).not.toContain('512');
    expect(challenge.steps[2]?.hint.en).not.toMatch(/\b7\b/);
    expect(challenge.steps[1]?.hint.en).not.toContain('Linear(512');
  });

  it("leaves out the seed's screen junk, doubled sentences and glued lines", async () => {
    const raw = await readFile(REAL_FILE, 'utf8');
    for (const junk of [
      'TERMINAL',
      'TENSOR INSPECTOR',
      'pytorch-env',
      'Click "Run"',
      'Click \\"Run\\"',
      'Solution:',
      'Ready.',
      ')Step',
      '여기서 우리는 전이 학습.',
    ]) {
      expect(raw).not.toContain(junk);
    }
    await load();
    for (const { path, ko, en } of localizedTexts(lesson)) {
      // Code repeats lines on purpose (two pipelines of transforms); prose never should.
      if (path.endsWith('.code.text')) continue;
      for (const [lang, text] of [
        ['ko', ko],
        ['en', en],
      ] as const) {
        const sentences = text
          .split(/(?<=[.!?])\s+|\n+/)
          .map((s) => s.trim())
          .filter(Boolean);
        expect(new Set(sentences).size, `${path}.${lang} says a sentence twice`).toBe(sentences.length);
      }
      expect(en.match(/universally/g)?.length ?? 0, path).toBeLessThanOrEqual(1);
      expect(ko.match(/보편적/g)?.length ?? 0, path).toBeLessThanOrEqual(1);
    }
  });
});

describe('a broken content file is refused, naming the file and the field', () => {
  it('a missing translation', async () => {
    const json = await readReal();
    delete json.quiz[1].options[2].text.en;
    const error = await loadError({ 'lesson-07.json': json });
    expect(error.message).toBe('lesson-07.json: quiz[1].options[2].text.en is missing');
    expect(error.fileName).toBe('lesson-07.json');
  });

  it('a blank text, an over-long button label and a typo in a field name, all reported at once', async () => {
    const json = await readReal();
    json.sections[0].title.ko = '   ';
    json.quiz[0].options[1].text.en = 'x'.repeat(LIMITS.optionText + 1);
    json.challenge.steps[0].hnit = json.challenge.steps[0].hint;
    const error = await loadError({ 'lesson-07.json': json });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'sections[0].title.ko is empty',
        `quiz[0].options[1].text.en is ${LIMITS.optionText + 1} characters long; the limit is ${LIMITS.optionText}`,
        'challenge.steps[0].hnit is not a known field (a typo?)',
      ]),
    );
    expect(error.message.split('\n')).toHaveLength(error.problems.length);
    expect(error.message.split('\n').every((line) => line.startsWith('lesson-07.json: '))).toBe(true);
  });

  it('an answer that is not one of the options', async () => {
    const json = await readReal();
    json.quiz[0].answer = 'e';
    const error = await loadError({ 'lesson-07.json': json });
    expect(error.message).toBe('lesson-07.json: quiz[0].answer "e" is not one of the option ids ("a", "b", "c", "d")');
  });

  it('a question with three options, and one whose option ids repeat', async () => {
    const json = await readReal();
    json.quiz[0].options.pop();
    json.quiz[2].options[3].id = 'a';
    const error = await loadError({ 'lesson-07.json': json });
    expect(error.problems).toContain('quiz[0].options has 3 item(s); it needs exactly 4');
    expect(error.problems).toContain('quiz[2].options[3].id "a" is used twice in options (first at options[0])');
  });

  it('repeated section ids and steps out of order', async () => {
    const json = await readReal();
    json.sections[3].id = json.sections[1].id;
    json.challenge.steps[2].step = 4;
    const error = await loadError({ 'lesson-07.json': json });
    expect([...error.problems].sort()).toEqual([
      'challenge.steps[2].step is 4; steps are numbered 1..n in order, so this one should be 3',
      'sections[3].id "pretrained-weights" is used twice in sections (first at sections[1])',
    ]);
  });

  it('a grader of an unknown kind and a layer with a fractional size', async () => {
    const json = await readReal();
    json.challenge.steps[0].grader = { kind: 'regex', expected: 512 };
    json.challenge.steps[1].grader.outFeatures = 7.5;
    const error = await loadError({ 'lesson-07.json': json });
    expect(error.problems).toContain("challenge.steps[0].grader.kind is \"regex\"; Invalid discriminator value. Expected 'number' | 'linear'");
    expect(error.problems).toContain('challenge.steps[1].grader.outFeatures should be a whole number, not 7.5');
  });

  it('a file that is not JSON', async () => {
    const error = await loadError({ 'lesson-07.json': '{ "id": 7,' });
    expect(error.message).toMatch(/^lesson-07\.json: is not valid JSON/);
  });

  it('parseLesson names whatever file name it is given', async () => {
    const json = await readReal();
    delete json.summary.ko;
    expect(() => parseLesson(json, 'draft.json')).toThrow('draft.json: summary.ko is missing');
    expect(() => parseLesson([], 'draft.json')).toThrow('draft.json: the file should be an object, not a list');
  });
});

describe('lessons are added by dropping in files', () => {
  const asLesson = (json: Json, id: number): Json => ({ ...structuredClone(json), id, slug: `lesson-${id}` });

  it('a second lesson file joins the catalog, listed by id; other files are ignored', async () => {
    const json = await readReal();
    const dir = await folderWith({ 'lesson-12.json': asLesson(json, 12), 'lesson-07.json': json, 'README.md': '# notes' });
    const catalog = await loadLessons(dir);
    expect(catalog.list().map((l) => l.id)).toEqual([7, 12]);
    expect(catalog.get(12)?.slug).toBe('lesson-12');
  });

  it('two files with the same lesson id are refused', async () => {
    const json = await readReal();
    const error = await loadError({ 'lesson-07.json': json, 'lesson-7.json': json });
    expect(error.message).toBe('lesson-7.json: id 7 is already taken by lesson-07.json');
  });

  it('a file whose name and id disagree is refused', async () => {
    const json = await readReal();
    const error = await loadError({ 'lesson-08.json': json });
    expect(error.message).toBe('lesson-08.json: id is 7, but the file name says lesson 8');
  });
});

describe('the question bank file', () => {
  const bank = (questions: unknown[], extra: Record<string, unknown> = {}) => ({ lesson: 7, draw: 2, questions, ...extra });

  it('fits what Discord can show and says right from wrong in the feedback, in both languages', async () => {
    const json = JSON.parse(await readFile(join(DEFAULT_LESSON_DIR, 'lesson-07.bank.json'), 'utf8')) as {
      questions: { id: string; answer: string; options: { id: string; text: Record<string, string>; feedback: Record<string, string> }[] }[];
    };
    for (const q of json.questions) {
      for (const o of q.options) {
        for (const lang of ['ko', 'en']) expect(o.text[lang]!.length, `${q.id} ${o.id} ${lang}`).toBeLessThanOrEqual(LIMITS.optionText);
        const saysRight = o.feedback.en!.startsWith('Right.') && o.feedback.ko!.startsWith('맞아요.');
        expect(saysRight, `${q.id} option ${o.id}`).toBe(o.id === q.answer);
      }
    }
  });

  it('refuses a question id the lesson already has, a draw larger than the bank, and a bank without its lesson', async () => {
    const lesson = await readReal();
    const seedQuestion = (lesson.quiz as unknown[])[0];
    const duplicate = await loadError({ 'lesson-07.json': lesson, 'lesson-07.bank.json': bank([seedQuestion], { draw: 99 }) });
    expect(duplicate.problems).toEqual(['questions[0].id "q1" is already a question of lesson-07.json', 'draw is 99, but the bank has 4 questions']);
    const orphan = await loadError({ 'lesson-07.json': lesson, 'lesson-08.bank.json': bank([seedQuestion], { lesson: 8 }) });
    expect(orphan.message).toBe('lesson-08.bank.json: there is no lesson-08.json for this bank');
  });
});
