// Seeded shuffles, so the order a member saw can be worked out again from the seed alone: a button
// from before a restart is graded against the options that member had in front of them.
import type { Lesson, QuizOption, QuizQuestion } from '../lessons/content.ts';

/** FNV-1a: a stable 32-bit number for a text seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast and good enough to shuffle four options. */
function random(seed: string): () => number {
  let a = hash(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator: the same seed gives the same order, always. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A question's options in the order one showing of it displays them (A, B, C, D). The seed names
 * the showing: "attempt 12" in the quiz, "review 5 round 3" in /review. Options are taken in their
 * id order first, so editing an option's text never moves it.
 */
export function shownOptions(question: QuizQuestion, seed: string): QuizOption[] {
  const byId = [...question.options].sort((a, b) => a.id.localeCompare(b.id));
  return seededShuffle(byId, `${seed}:${question.id}`);
}

/**
 * The questions of a new attempt: the ones this member has been asked least often first (so a
 * retake brings questions they haven't seen), ties in a seeded random order.
 */
export function drawQuestions(lesson: Lesson, timesAsked: ReadonlyMap<string, number>, seed: string): string[] {
  const size = Math.min(lesson.quizDraw ?? lesson.quiz.length, lesson.quiz.length);
  return seededShuffle(lesson.quiz, seed)
    .map((q, order) => ({ id: q.id, asked: timesAsked.get(q.id) ?? 0, order }))
    .sort((a, b) => a.asked - b.asked || a.order - b.order)
    .slice(0, size)
    .map((q) => q.id);
}
