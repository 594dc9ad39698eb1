// The shape of a lesson file, checked at load. The limits follow what the platforms can show:
// Discord caps an embed description at 4,096 characters and a button label at 80, so a section
// body stays under 3,500 and an option (shown as a button) under 80, in each language.
import { z } from 'zod';

export const LIMITS = {
  title: 100,
  summary: 500,
  sectionBody: 3_500,
  code: 1_500,
  /** Body and code share one Discord embed description (4,096) with the heading, bar and buttons note. */
  sectionText: 3_800,
  tableCell: 200,
  tableRows: 8,
  prompt: 250,
  optionText: 80,
  feedback: 1_000,
  explanation: 1_000,
  scenario: 1_000,
  hint: 1_000,
  solution: 1_000,
} as const;

const OPTIONS_PER_QUESTION = 4;

/** Ids end up inside action ids (at most 100 characters on Discord), so they stay short and plain. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'should be a short id of lowercase letters, digits and dashes');

const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'is empty');

const localized = (max: number) => z.strictObject({ ko: nonBlank(max), en: nonBlank(max) });

/**
 * A small comparison: the first column names each row, the others are compared side by side.
 * Chats have no tables, so it is shown as one field per row (see commands/views/lesson-view.ts).
 */
const table = z
  .strictObject({
    columns: z.array(localized(LIMITS.tableCell)).min(2).max(3),
    rows: z
      .array(z.array(localized(LIMITS.tableCell)))
      .min(1)
      .max(LIMITS.tableRows),
  })
  .superRefine((t, ctx) => {
    t.rows.forEach((row, i) => {
      if (row.length !== t.columns.length) {
        ctx.addIssue({ code: 'custom', path: ['rows', i], message: `has ${row.length} cells; the table has ${t.columns.length} columns` });
      }
    });
  });

const section = z
  .strictObject({
    id,
    title: localized(LIMITS.title),
    body: localized(LIMITS.sectionBody),
    // Code is localized too: the Korean lesson has Korean comments.
    code: z.strictObject({ language: nonBlank(20), text: localized(LIMITS.code) }).optional(),
    table: table.optional(),
  })
  .superRefine((s, ctx) => {
    for (const lang of ['ko', 'en'] as const) {
      const length = s.body[lang].length + (s.code?.text[lang].length ?? 0);
      if (length > LIMITS.sectionText) {
        ctx.addIssue({ code: 'custom', path: ['body', lang], message: `and the code are ${length} characters together; the limit is ${LIMITS.sectionText}` });
      }
    }
  });

const option = z.strictObject({
  id,
  text: localized(LIMITS.optionText),
  feedback: localized(LIMITS.feedback),
});

const question = z
  .strictObject({
    id,
    prompt: localized(LIMITS.prompt),
    options: z.array(option).length(OPTIONS_PER_QUESTION),
    answer: id,
    explanation: localized(LIMITS.explanation),
  })
  .superRefine((q, ctx) => {
    requireUniqueIds(q.options, 'options', ctx);
    if (!q.options.some((o) => o.id === q.answer)) {
      const ids = q.options.map((o) => `"${o.id}"`).join(', ');
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `"${q.answer}" is not one of the option ids (${ids})` });
    }
  });

const positiveInt = z.number().int().positive();

const grader = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('number'), expected: z.number().finite() }),
  z.strictObject({
    kind: z.literal('linear'),
    inFeatures: positiveInt,
    outFeatures: positiveInt,
    // The scenario's list of classes, so `len(class_names)` is read as the output size.
    classList: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'should be a Python name')
      .optional(),
  }),
]);

const step = z.strictObject({
  step: positiveInt,
  question: localized(LIMITS.prompt),
  hint: localized(LIMITS.hint),
  solution: localized(LIMITS.solution),
  grader,
});

const challenge = z
  .strictObject({
    id,
    title: localized(LIMITS.title),
    scenario: localized(LIMITS.scenario),
    // What the member reads the sizes from (a printed model, a class list), shown under the scenario.
    code: z.strictObject({ language: nonBlank(20), text: nonBlank(LIMITS.code) }).optional(),
    steps: z.array(step).min(1),
  })
  .superRefine((c, ctx) => {
    c.steps.forEach((s, i) => {
      if (s.step !== i + 1) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'step'], message: `is ${s.step}; steps are numbered 1..n in order, so this one should be ${i + 1}` });
      }
    });
  });

/**
 * More questions for a lesson's quiz, in `lesson-NN.bank.json` beside the lesson: the lesson's own
 * questions (written from the seed) and these make the bank each attempt draws `draw` from.
 */
export const bankSchema = z.strictObject({
  lesson: positiveInt,
  draw: positiveInt,
  questions: z.array(question).min(1),
});

export const lessonSchema = z
  .strictObject({
    id: positiveInt,
    slug: id,
    title: localized(LIMITS.title),
    summary: localized(LIMITS.summary),
    sections: z.array(section).min(1),
    quiz: z.array(question).min(1),
    challenge,
  })
  .superRefine((lesson, ctx) => {
    requireUniqueIds(lesson.sections, 'sections', ctx);
    requireUniqueIds(lesson.quiz, 'quiz', ctx);
  });

function requireUniqueIds(items: { id: string }[], key: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `"${item.id}" is used twice in ${key} (first at ${key}[${first}])` });
  });
}

/** `quiz[1].options[2].text.en`: the way a person finds the spot in the JSON file. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}
