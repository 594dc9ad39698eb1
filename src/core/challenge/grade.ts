// The challenge grader: reads a free-text answer and says whether it is right and, if not, which
// mistake it shows. Answers are parsed, never evaluated; the grader is pure and fast on any input.
// Choices made for the borderline answers:
// - "5 1 2" is several numbers, not 512 (grade-number.ts says why);
// - nn.Linear(512, 7, bias=False) is right, with a note that heads usually keep their bias;
// - nn.Linear(model.fc.in_features, 7) is right: it is how PyTorch code reads the backbone's size;
// - nn.LazyLinear(7), Keras' Dense and TF.js' dense are refused with their own explanations,
//   since the step asks for PyTorch code that states both sizes;
// - nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7)) is right: the one Linear inside is graded;
// - only calls of layer classes count as layers, so print(model), an optimizer or a one-line freeze
//   loop next to the head don't make "more than one layer";
// - `num_classes = 7` earlier in the answer is followed, so nn.Linear(512, num_classes) is read;
// - words around the code ("nn.Linear(512, 7) 입니다") are set aside and the code is graded, with a
//   note that a notebook wants the code alone (code-in-prose.ts says why); emoji, a "Code:" or
//   "정답은" label and `>>> ` prompts are fine;
// - on a number step, a model's number (ResNet-18) and a step label (step 1, 1단계) are not sizes.
import type { StepGrader } from '../lessons/content.ts';
import type { Localized } from '../reply.ts';
import { cleanAnswer } from './clean-answer.ts';
import { feedbackFor, type VerdictCode } from './feedback.ts';
import { gradeLinear, type Outcome } from './grade-linear.ts';
import { gradeNumber, type NumberExpectation } from './grade-number.ts';

export type { StepGrader } from '../lessons/content.ts';
export { VERDICT_CODES, type VerdictCode } from './feedback.ts';

export interface Verdict {
  correct: boolean;
  code: VerdictCode;
  feedback: Localized;
}

/** Longer answers are refused unread, so a pasted essay can't slow the bot down. */
export const MAX_ANSWER_LENGTH = 500;

/**
 * Grades one step. `challengeSteps` (the graders of all the steps of the same challenge) is optional:
 * with it, a number step learns which side of the layer it asks about, so "7" on the input step
 * gets "that's the output size" rather than a plain "wrong".
 */
export function gradeAnswer(grader: StepGrader, text: string, challengeSteps: readonly StepGrader[] = []): Verdict {
  const outcome = grade(grader, typeof text === 'string' ? text : '', challengeSteps);
  return {
    correct: outcome.code === 'correct',
    code: outcome.code,
    feedback: feedbackFor(outcome.code, outcome.detail ?? {}, MAX_ANSWER_LENGTH),
  };
}

function grade(grader: StepGrader, text: string, challengeSteps: readonly StepGrader[]): Outcome {
  const trimmed = text.trim();
  if (trimmed.length > MAX_ANSWER_LENGTH) return { code: 'too-long' };
  const answer = cleanAnswer(trimmed);
  if (answer.length === 0) return { code: 'empty' };
  if (grader.kind === 'linear') return gradeLinear(grader, answer);
  return gradeNumber(sideOfLayer(grader.expected, challengeSteps), answer);
}

/** Finds, from the challenge's layer step, whether `expected` is the layer's input or output size. */
function sideOfLayer(expected: number, challengeSteps: readonly StepGrader[]): NumberExpectation {
  for (const step of challengeSteps) {
    if (step.kind !== 'linear' || step.inFeatures === step.outFeatures) continue;
    if (step.inFeatures === expected) return { expected, role: 'in', otherSide: step.outFeatures };
    if (step.outFeatures === expected) return { expected, role: 'out', otherSide: step.inFeatures };
  }
  return { expected };
}
