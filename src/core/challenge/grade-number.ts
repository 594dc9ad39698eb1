// Grades a "what size?" step. People wrap the number in words ("Size: 512", "512개", "in_features =
// 512"), name both sides of the layer ("Input 512, output 7"), say what it is not ("512, not 1000",
// "1000 아니고 512") and write numbers as words or Python ("오백십이", "seven", "2**9"). The grader
// reads every number with what the answer says about it (number-mentions.ts), sets aside the ones
// the answer denies, and, when the step's side of the layer is known, prefers the numbers the answer
// puts on that side. Exactly one size must remain.
// Digits split by spaces ("5 1 2") count as several numbers: joining them would guess at what was
// meant, and the feedback lists what it found so the member can see why.
import { buildsLayer, type Outcome } from './grade-linear.ts';
import type { SizeRole } from './feedback.ts';
import { numberMentions, type Mention } from './number-mentions.ts';

export interface NumberExpectation {
  expected: number;
  /** Which side of the layer the step asks about, and the size of the other side, when known. */
  role?: SizeRole;
  otherSide?: number;
}

const IMAGENET_CLASSES = 1000;
const MAX_LISTED = 5;

export function gradeNumber(step: NumberExpectation, answer: string): Outcome {
  if (answer.includes('(') && buildsLayer(answer)) return { code: 'code-for-number' };
  const mentions = numberMentions(answer);
  if (mentions.length === 0) return { code: 'not-a-number' };
  const kept = mentions.filter((m) => !m.negated);
  if (kept.length === 0) return { code: 'negated' };
  const role = step.role === undefined ? {} : { role: step.role };

  let candidates = kept;
  let onOtherSide = false;
  if (step.role !== undefined) {
    const same = kept.filter((m) => m.role === step.role);
    const unplaced = kept.filter((m) => m.role === undefined);
    onOtherSide = same.length === 0 && unplaced.length === 0;
    candidates = same.length > 0 ? same : unplaced.length > 0 ? unplaced : kept;
  }
  const values = distinct(candidates);
  if (values.length > 1) return { code: 'several-numbers', detail: { numbers: values.slice(0, MAX_LISTED) } };
  const value = values[0] as number;
  // A 400-digit answer overflows to Infinity: that is a wrong count, not a fraction.
  if (value <= 0 || (Number.isFinite(value) && !Number.isInteger(value))) return { code: 'not-a-count' };
  // "7 is the input" on the output step: the number is right, the side the answer gives it is not.
  if (onOtherSide && value === step.expected) return { code: 'role-mismatch', detail: role };
  if (value === step.expected) return { code: 'correct' };
  if (value === step.otherSide) return { code: 'in-out-mixed', detail: role };
  if (value === IMAGENET_CLASSES) return { code: 'classes-1000' };
  return { code: 'wrong-number', detail: role };
}

function distinct(mentions: Mention[]): number[] {
  const values: number[] = [];
  for (const { value } of mentions) if (!values.includes(value)) values.push(value);
  return values;
}
