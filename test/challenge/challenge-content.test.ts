// Lesson 7's challenge teaches rather than tells: the sizes are read from a printout, no hint or
// solution hands over a later step's answer, and each solution, typed back in, is graded right.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../src/core/challenge/grade.ts';
import { loadLessons, type ChallengeStep, type Lesson } from '../../src/core/lessons/content.ts';

const lesson = async (): Promise<Lesson> => (await loadLessons()).get(7)!;
const LANGUAGES = ['ko', 'en'] as const;

/** Digits of `n` standing alone, not inside 1000 or 512. */
const standalone = (n: number) => new RegExp(`(?<![\\d.])${n}(?![\\d])`);

/** What would give a step's answer away, as text that must not appear before the step is solved. */
function giveaways(step: ChallengeStep): RegExp[] {
  const { grader } = step;
  if (grader.kind === 'number') return [standalone(grader.expected)];
  return [new RegExp(`Linear\\(\\s*${grader.inFeatures}\\s*,\\s*${grader.outFeatures}\\s*\\)`)];
}

describe('the lesson 7 challenge content', () => {
  it('states neither size in its scenario: they are read from the printed head and class list', async () => {
    const { challenge } = await lesson();
    for (const language of LANGUAGES) {
      expect(challenge.scenario[language], language).not.toMatch(standalone(512));
      expect(challenge.scenario[language], language).not.toMatch(standalone(7));
    }
    expect(challenge.code?.text).toContain('Linear(in_features=512, out_features=1000, bias=True)');
    const list = /class_names\n(\[.*\])/.exec(challenge.code?.text ?? '')?.[1] ?? '[]';
    const classes = JSON.parse(list.replace(/'/g, '"')) as string[];
    // The class list is the bot's own: the labels of the shipped head, so the challenge and /predict agree.
    const head = JSON.parse(await readFile(new URL('../../models/heads/default.json', import.meta.url), 'utf8')) as { labels: string[] };
    expect(classes).toEqual(head.labels);
    expect(classes).toHaveLength(7);
  });

  it("gives no later step's answer away in a question, a hint or a solution, nor a step's own answer in its hint", async () => {
    const { steps } = (await lesson()).challenge;
    for (const [i, step] of steps.entries()) {
      for (const later of steps.slice(i)) {
        const texts = later === step ? [step.question, step.hint] : [step.question, step.hint, step.solution];
        for (const text of texts) {
          for (const language of LANGUAGES) {
            for (const pattern of giveaways(later))
              expect(text[language], `step ${step.step} gives step ${later.step} away (${language})`).not.toMatch(pattern);
          }
        }
        // Read by the grader of the later step, a text of this one is no right answer to it either.
        if (later !== step)
          for (const language of LANGUAGES)
            expect(
              gradeAnswer(
                later.grader,
                step.solution[language],
                steps.map((s) => s.grader),
              ).correct,
            ).toBe(false);
      }
    }
  });

  it("takes each step's solution code, typed back in, as a right answer", async () => {
    const { steps } = (await lesson()).challenge;
    const graders = steps.map((s) => s.grader);
    const code = steps[1]!.solution.en.split('\n').find((line) => line.startsWith('new_layer'))!;
    const verdict = gradeAnswer(steps[1]!.grader, code, graders);
    expect(verdict).toMatchObject({ correct: true });
    expect(verdict.feedback.en).toContain('len(class_names)');
    // A class list of another name is not the scenario's: its length is unknown.
    expect(gradeAnswer(steps[1]!.grader, 'new_layer = torch.nn.Linear(512, len(classes))', graders).code).toBe('sizes-not-integers');
  });
});
