// The challenge: free-text answers, step by step. Every attempt is kept (capped in length), a right
// answer opens the next step, and the first right answer of a step pays its points once. A member
// who is stuck gets the step's hint with their first wrong answer, and may see its solution only
// after more wrong answers: the hint first, so the solution is a last resort, not a shortcut.
import { userError } from '../errors.ts';
import type { ChallengeStep, Lesson, LessonCatalog, StepGrader } from '../lessons/content.ts';
import { requireLesson } from '../lessons/lookup.ts';
import type { ClassroomStore, MemberRef } from '../ports.ts';
import type { Localized } from '../reply.ts';
import { challengeStepAward, sumPoints } from '../progress/points.ts';
import { gradeAnswer, type Verdict } from './grade.ts';

export type { Verdict };
export type Grade = (grader: StepGrader, text: string, challengeSteps: readonly StepGrader[]) => Verdict;

/** What is stored of an answer: enough to read any honest attempt, never a pasted novel. */
export const MAX_STORED_ANSWER = 2_000;

/** Wrong answers to a step after which its solution may be shown (the first one brings the hint). */
export const SOLUTION_AFTER_WRONG_ANSWERS = 2;

/** Said when an answer is blank, here and by platforms that can check before sending it in. */
export const EMPTY_ANSWER: Localized = {
  ko: '답이 비어 있어요. 답을 적어서 다시 보내 주세요.',
  en: 'Your answer is empty. Please type an answer and send it again.',
};

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
  /** Wrong answers to this step so far, this one included (0 when this one is right). */
  wrongAnswers: number;
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
      throw userError('challenge-step-unknown', `이 챌린지에는 1~${total}단계가 있어요.`, `This challenge has steps 1 to ${total}.`);
    }
    if (state.current !== null && step.step > state.current) {
      throw userError('challenge-step-locked', `먼저 ${state.current}단계를 풀어 주세요.`, `Please solve step ${state.current} first.`);
    }
    return { step, state };
  }

  async answer(member: MemberRef, lessonId: unknown, stepNumber: number, text: string | undefined): Promise<ChallengeOutcome> {
    const { step, state } = await this.reachableStep(member, lessonId, stepNumber);
    const answer = (text ?? '').trim();
    if (answer === '') {
      throw userError('challenge-empty', EMPTY_ANSWER.ko, EMPTY_ANSWER.en);
    }
    const verdict = this.grade(
      step.grader,
      answer,
      state.lesson.challenge.steps.map((s) => s.grader),
    );
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
    const wrongAnswers = verdict.correct ? 0 : await this.store.challenge.wrongAnswers(member.memberId, state.lesson.id, step.step);
    return {
      step,
      verdict,
      firstSolve: earned.length > 0,
      wrongAnswers,
      pointsEarned: sumPoints(earned),
      state: stateOf(state.lesson, solved),
    };
  }

  /** The step's solution: once it is solved, or after enough wrong answers to it. */
  async solution(member: MemberRef, lessonId: unknown, stepNumber: number): Promise<{ step: ChallengeStep; state: ChallengeState }> {
    const reached = await this.reachableStep(member, lessonId, stepNumber);
    if (reached.state.solved.includes(stepNumber)) return reached;
    const wrong = await this.store.challenge.wrongAnswers(member.memberId, reached.state.lesson.id, stepNumber);
    if (wrong < SOLUTION_AFTER_WRONG_ANSWERS) {
      throw userError(
        'challenge-solution-locked',
        `풀이는 ${SOLUTION_AFTER_WRONG_ANSWERS}번 틀린 뒤에 열려요. 먼저 힌트를 보고 한 번 더 풀어 보세요.`,
        `The solution opens after ${SOLUTION_AFTER_WRONG_ANSWERS} wrong answers. Read the hint first and have another go.`,
      );
    }
    return reached;
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
