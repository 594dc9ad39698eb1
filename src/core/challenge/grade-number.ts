// Grades a "what size?" step. People wrap the number in words ("Size: 512", "512개",
// "in_features = 512"), so the grader reads every number in the answer and asks for exactly one.
// Digits split by spaces ("5 1 2") count as several numbers: joining them would guess at what
// was meant, and the feedback lists what it found so the member can see why.
// Digits that name a model ("ResNet-18의 출력은 512", "512 (resnet 18)") or a step of the challenge
// ("512 (step 1)", "1단계: 512") are not sizes, so they are not counted: the member is saying which
// backbone or which step they mean, and "more than one number" would answer a question they didn't ask.
import { buildsLayer, type Outcome } from './grade-linear.ts';
import type { SizeRole } from './feedback.ts';

export interface NumberExpectation {
  expected: number;
  /** Which side of the layer the step asks about, and the size of the other side, when known. */
  role?: SizeRole;
  otherSide?: number;
}

// A number not glued to an ASCII word (so the 18 of resnet18 and the 2 of Conv2d don't count),
// with an optional sign, thousands commas ("1,000") and decimals ("512.", "7.0").
const NUMBER = /(?<![A-Za-z0-9_.])(-?)(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?/g;
// A model's number: a usual depth (ResNet-18/34/50/101/152, VGG-11/13/16/19, DenseNet-121...) after
// a Latin letter and a hyphen, or after the name of a family people write with a space ("ResNet 18",
// "레즈넷 18"). "VGG16" is already one word. Only known depths, so "size-512" still reads as 512.
const MODEL_NUMBER =
  /(?:[A-Za-z][-\u2010\u2013]|(?<![A-Za-z])(?:resnet|resnext|wide_resnet|vgg|densenet|레스넷|레즈넷)[\s-]*)(?:11|13|16|18|19|34|50|101|121|152|161|169|201)(?!\d)/giu;
// A step label: "step 1", "Step #2", "1단계", "단계 1", "문제 1".
const STEP_LABEL = /(?<![\p{L}\p{N}_])(?:step|단계|문제)\s*#?\s*\d+|\d+\s*단계/giu;
const IMAGENET_CLASSES = 1000;
const MAX_LISTED = 5;

export function readNumbers(answer: string): number[] {
  const found: number[] = [];
  const sizes = answer.replace(MODEL_NUMBER, ' ').replace(STEP_LABEL, ' ');
  for (const match of sizes.matchAll(NUMBER)) {
    const [, sign = '', whole = '', fraction = ''] = match;
    const value = Number(`${sign}${whole.replace(/,/g, '')}.${fraction || '0'}`);
    if (!found.includes(value)) found.push(value);
  }
  return found;
}

export function gradeNumber(step: NumberExpectation, answer: string): Outcome {
  const numbers = readNumbers(answer);
  if (numbers.length === 0) return { code: 'not-a-number' };
  if (numbers.length > 1) {
    if (answer.includes('(') && buildsLayer(answer)) return { code: 'code-for-number' };
    return { code: 'several-numbers', detail: { numbers: numbers.slice(0, MAX_LISTED) } };
  }
  const value = numbers[0] as number;
  const role = step.role === undefined ? {} : { role: step.role };
  // A 400-digit answer overflows to Infinity: that is a wrong count, not a fraction.
  if (value <= 0 || (Number.isFinite(value) && !Number.isInteger(value))) return { code: 'not-a-count' };
  if (value === step.expected) return { code: 'correct' };
  if (value === step.otherSide) return { code: 'in-out-mixed', detail: role };
  if (value === IMAGENET_CLASSES) return { code: 'classes-1000' };
  return { code: 'wrong-number', detail: role };
}
