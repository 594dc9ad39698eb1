// Grades the labelled answers (test/challenge/labelled-answers.json) with the real grader and the
// lesson's own challenge, and counts where the grader and the labels agree. "Positive" is "right":
// precision is how many of the answers the grader accepts are right, recall how many of the right
// answers it accepts. Only clear-cut answers count towards the target; borderline ones are shown apart.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gradeAnswer, type Verdict } from '../../src/core/challenge/grade.ts';
import type { Lesson } from '../../src/core/lessons/content.ts';

export const LABELLED_ANSWERS = fileURLToPath(new URL('../../test/challenge/labelled-answers.json', import.meta.url));

export interface LabelledAnswer {
  step: number;
  answer: string;
  expected: 'right' | 'wrong';
  clearCut: boolean;
  note?: string;
}

export interface Graded extends LabelledAnswer {
  verdict: Verdict;
  agrees: boolean;
}

export interface Tally {
  answers: number;
  agreed: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface AgreementReport {
  graded: Graded[];
  /** Per step ("1", "2", ...) and "all", over the clear-cut answers. */
  clearCut: Record<string, Tally>;
  borderline: Tally;
}

export async function readLabelledAnswers(path = LABELLED_ANSWERS): Promise<LabelledAnswer[]> {
  return JSON.parse(await readFile(path, 'utf8')) as LabelledAnswer[];
}

export function measureAgreement(lesson: Lesson, answers: LabelledAnswer[]): AgreementReport {
  const graders = lesson.challenge.steps.map((s) => s.grader);
  const graded = answers.map((labelled): Graded => {
    const step = lesson.challenge.steps.find((s) => s.step === labelled.step);
    if (!step) throw new Error(`labelled answer for step ${labelled.step}, which lesson ${lesson.id}'s challenge doesn't have`);
    const verdict = gradeAnswer(step.grader, labelled.answer, graders);
    return { ...labelled, verdict, agrees: verdict.correct === (labelled.expected === 'right') };
  });
  const clearCut: Record<string, Tally> = { all: tally(graded.filter((g) => g.clearCut)) };
  for (const { step } of lesson.challenge.steps) clearCut[String(step)] = tally(graded.filter((g) => g.clearCut && g.step === step));
  return { graded, clearCut, borderline: tally(graded.filter((g) => !g.clearCut)) };
}

function tally(graded: Graded[]): Tally {
  const right = (g: Graded) => g.expected === 'right';
  return {
    answers: graded.length,
    agreed: graded.filter((g) => g.agrees).length,
    truePositives: graded.filter((g) => g.verdict.correct && right(g)).length,
    falsePositives: graded.filter((g) => g.verdict.correct && !right(g)).length,
    falseNegatives: graded.filter((g) => !g.verdict.correct && right(g)).length,
  };
}

export const agreement = (t: Tally) => ratio(t.agreed, t.answers);
export const precision = (t: Tally) => ratio(t.truePositives, t.truePositives + t.falsePositives);
export const recall = (t: Tally) => ratio(t.truePositives, t.truePositives + t.falseNegatives);

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
