// The challenge: free-text answers, step by step. Every attempt is kept (capped in length), a right
// answer opens the next step, and the first right answer of a step pays its points once.
import { userError } from '../errors.ts';
import type { ChallengeStep, Lesson, LessonCatalog, StepGrader } from '../lessons/content.ts';
import { requireLesson } from '../lessons/lookup.ts';
import type { ClassroomStore, MemberRef } from '../ports.ts';
import { challengeStepAward, sumPoints } from '../progress/points.ts';
import { gradeAnswer, type Verdict } from './grade.ts';

export type { Verdict };
export type Grade = (grader: StepGrader, text: string, challengeSteps: readonly StepGrader[]) => Verdict;

/** What is stored of an answer: enough to read any honest attempt, never a pasted novel. */
export const MAX_STORED_ANSWER = 2_000;

export interface ChallengeState {
  lesson: Lesson;
  solved: number[];
  /** The step (1-based) to answer now; null when every step is solved. */
  current: number | null;
}

export interface ChallengeOutcome {
  step: ChallengeStep;
  verdict: Verdict;
  /** First right answer to this step: it just opened the next one and paid. */
  firstSolve: boolean;
  pointsEarned: number;
  state: ChallengeState;
}

export class ChallengeService {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
    private readonly grade: Grade = gradeAnswer,
  ) {}

  async state(member: MemberRef, lessonId: unknown): Promise<ChallengeState> {
    const lesson = requireLesson(this.catalog, lessonId);
    const solved = await this.store.challenge.solvedSteps(member.memberId, lesson.id);
    return stateOf(lesson, solved);
  }

  /** The step, if the member may see it: the current one or one already behind them. */
  async reachableStep(member: MemberRef, lessonId: unknown, stepNumber: number): Promise<{ step: ChallengeStep; state: ChallengeState }> {
    const state = await this.state(member, lessonId);
    const step = state.lesson.challenge.steps.find((s) => s.step === stepNumber);
    if (!step) {
      const total = state.lesson.challenge.steps.length;
      throw userError(
        'challenge-step-unknown',
        `이 챌린지에는 1~${total}단계가 있어요.`,
        `This challenge has steps 1 to ${total}.`,
      );
    }
    if (state.current !== null && step.step > state.current) {
      throw userError(
        'challenge-step-locked',
        `먼저 ${state.current}단계를 풀어 주세요.`,
        `Please solve step ${state.current} first.`,
      );
    }
    return { step, state };
  }

  async answer(member: MemberRef, lessonId: unknown, stepNumber: number, text: string | undefined): Promise<ChallengeOutcome> {
    const { step, state } = await this.reachableStep(member, lessonId, stepNumber);
    const answer = (text ?? '').trim();
    if (answer === '') {
      throw userError('challenge-empty', '답이 비어 있어요. 답을 적어서 다시 보내 주세요.', 'Your answer is empty. Please type an answer and send it again.');
    }
    const verdict = this.grade(step.grader, answer, state.lesson.challenge.steps.map((s) => s.grader));
    await this.store.challenge.record({
      memberId: member.memberId,
      lessonId: state.lesson.id,
      step: step.step,
      text: capText(answer, MAX_STORED_ANSWER),
      correct: verdict.correct,
      verdict: verdict.code,
    });
    // The ledger decides "first": of two right answers racing, only one gets the award.
    const earned = verdict.correct ? await this.store.points.award(member.memberId, [challengeStepAward(state.lesson.id, step.step)]) : [];
    const solved = verdict.correct && !state.solved.includes(step.step) ? [...state.solved, step.step] : state.solved;
    return {
      step,
      verdict,
      firstSolve: earned.length > 0,
      pointsEarned: sumPoints(earned),
      state: stateOf(state.lesson, solved),
    };
  }
}

function stateOf(lesson: Lesson, solved: number[]): ChallengeState {
  const next = lesson.challenge.steps.find((s) => !solved.includes(s.step));
  return { lesson, solved: [...solved].sort((a, b) => a - b), current: next ? next.step : null };
}

/** Cuts by code point (never half an emoji or a Hangul syllable) and marks the cut. */
export function capText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
