// Grades a "what size?" step. People wrap the number in words ("Size: 512", "512개",
// "in_features = 512"), so the grader reads every number in the answer and asks for exactly one.
// Digits split by spaces ("5 1 2") count as several numbers: joining them would guess at what
// was meant, and the feedback lists what it found so the member can see why.
import { findLayerCalls, type Outcome } from './grade-linear.ts';
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
const IMAGENET_CLASSES = 1000;
const MAX_LISTED = 5;

export function readNumbers(answer: string): number[] {
  const found: number[] = [];
  for (const match of answer.matchAll(NUMBER)) {
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
    const layers = answer.includes('(') ? findLayerCalls(answer) : undefined;
    if (layers?.ok && layers.layers.length > 0) return { code: 'code-for-number' };
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
