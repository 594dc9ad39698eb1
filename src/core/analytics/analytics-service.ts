// What the class understood, for instructors: per quiz question the share choosing each option
// (first attempts and all attempts), per challenge step the common mistakes by the grader's
// verdict, and the completion funnel. Plain data, so chat replies and web pages render the same.
//
// Who counts: the classroom's students. Erased members' quiz answers stay (the placeholder keeps
// them for exactly this), their other rows are gone, so they count in the quiz only. Choices are
// counted by option id, never by the position a member saw (options may be shuffled per attempt).
import type { Lesson, LessonCatalog, QuizQuestion } from '../lessons/content.ts';
import { requireLesson } from '../lessons/lookup.ts';
import type { ChallengeAnswerRecord, ClassroomStore, MemberRef, QuizAnswerRecord, QuizAttemptRecord } from '../ports.ts';
import { firstAttempts, stepsSolvedFirstTry } from '../quiz/first-attempt.ts';
import { requireInstructor } from '../roster/roles.ts';

export interface OptionTally {
  optionId: string;
  count: number;
  /** count / answered; 0 when nobody answered. */
  share: number;
  correct: boolean;
}

export interface ChoiceTally {
  /** Answers counted (one per member on first attempts; one per attempt overall). */
  answered: number;
  correct: number;
  /** correct / answered; null when nobody answered. */
  correctRate: number | null;
  /** The question's options in their lesson order, then any choice the lesson no longer has. */
  options: OptionTally[];
}

export interface QuestionStats {
  questionId: string;
  /** Position in the lesson's quiz (0-based); questions only seen in answers come after. */
  index: number;
  /** null for an answer to a question the lesson file no longer has. */
  question: QuizQuestion | null;
  firstAttempt: ChoiceTally;
  overall: ChoiceTally;
}

export interface QuizSummary {
  /** Students with at least one attempt. */
  takers: number;
  /** Questions one attempt asks (the score's maximum). */
  questions: number;
  firstAttemptMean: number | null;
  bestMean: number | null;
  attemptsMean: number | null;
  /** firstScoreCounts[s] = students whose first attempt scored s (finished or not). */
  firstScoreCounts: number[];
}

export interface Mistake {
  /** The grader's verdict code (src/core/challenge/feedback.ts), e.g. "swapped". */
  verdict: string;
  /** Wrong answers with this verdict. */
  count: number;
  /** Students who made it at least once. */
  members: number;
}

export interface StepStats {
  step: number;
  /** Students who answered the step at least once. */
  tried: number;
  solved: number;
  solvedFirstTry: number;
  answers: number;
  /** Most common first. */
  mistakes: Mistake[];
}

export interface Funnel {
  /** Students on the roster (known from the platform or an upload, or who used the bot). */
  students: number;
  openedLesson: number;
  finishedLesson: number;
  tookQuiz: number;
  solvedChallenge: number;
}

export interface LessonAnalytics {
  lesson: Lesson;
  questions: QuestionStats[];
  quiz: QuizSummary;
  steps: StepStats[];
  funnel: Funnel;
}

export class AnalyticsService {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
  ) {}

  async lesson(caller: MemberRef, lessonId: unknown): Promise<LessonAnalytics> {
    await requireInstructor(this.store.roster, caller);
    const lesson = requireLesson(this.catalog, lessonId);
    const students = (await this.store.roster.listMembers(caller.classroomId)).filter((m) => m.role === 'student');
    const ids = students.map((m) => m.id);
    const live = new Set(students.filter((m) => !m.erased).map((m) => m.id));
    const [attempts, answers, progress] = ids.length
      ? await Promise.all([this.store.quiz.listAttempts(ids, lesson.id), this.store.challenge.listForMembers(ids), this.store.lessons.listForMembers(ids)])
      : [[], [], []];
    const lessonAnswers = answers.filter((a) => a.lessonId === lesson.id);
    const seen = progress.filter((p) => p.lessonId === lesson.id && live.has(p.memberId));
    const solvedAll = membersSolvingAll(lesson, lessonAnswers);
    return {
      lesson,
      questions: questionStats(lesson, attempts),
      quiz: quizSummary(lesson, attempts),
      steps: lesson.challenge.steps.map((s) =>
        stepStats(
          s.step,
          lessonAnswers.filter((a) => a.step === s.step),
        ),
      ),
      funnel: {
        students: live.size,
        openedLesson: seen.length,
        finishedLesson: seen.filter((p) => p.completedAt).length,
        tookQuiz: new Set(attempts.filter((a) => a.finishedAt && live.has(a.memberId)).map((a) => a.memberId)).size,
        solvedChallenge: [...solvedAll].filter((id) => live.has(id)).length,
      },
    };
  }
}

function questionStats(lesson: Lesson, attempts: QuizAttemptRecord[]): QuestionStats[] {
  const first = [...firstAttempts(attempts, lesson.id).values()];
  const firstAnswers = first.flatMap((a) => a.answers);
  const allAnswers = attempts.flatMap((a) => a.answers);
  const known = lesson.quiz.map((q) => q.id);
  const unknown = [...new Set(allAnswers.map((a) => a.questionId))].filter((id) => !known.includes(id));
  return [...known, ...unknown].map((questionId, index) => {
    const question = lesson.quiz.find((q) => q.id === questionId) ?? null;
    const pick = (rows: QuizAnswerRecord[]) =>
      tally(
        question,
        rows.filter((a) => a.questionId === questionId),
      );
    return { questionId, index, question, firstAttempt: pick(firstAnswers), overall: pick(allAnswers) };
  });
}

function tally(question: QuizQuestion | null, answers: QuizAnswerRecord[]): ChoiceTally {
  const optionIds = [...(question?.options.map((o) => o.id) ?? [])];
  for (const a of answers) if (!optionIds.includes(a.choice)) optionIds.push(a.choice);
  const correct = answers.filter((a) => a.correct).length;
  return {
    answered: answers.length,
    correct,
    correctRate: answers.length ? correct / answers.length : null,
    options: optionIds.map((optionId) => {
      const count = answers.filter((a) => a.choice === optionId).length;
      return {
        optionId,
        count,
        share: answers.length ? count / answers.length : 0,
        correct: question ? question.answer === optionId : answers.some((a) => a.choice === optionId && a.correct),
      };
    }),
  };
}

function quizSummary(lesson: Lesson, attempts: QuizAttemptRecord[]): QuizSummary {
  const first = [...firstAttempts(attempts, lesson.id).values()];
  const byMember = new Map<number, QuizAttemptRecord[]>();
  for (const a of attempts) byMember.set(a.memberId, [...(byMember.get(a.memberId) ?? []), a]);
  const best = [...byMember.values()].map((list) => Math.max(...list.map((a) => a.score)));
  // Scores are out of the questions one attempt asks, not the whole bank.
  const asked = Math.min(lesson.quizDraw ?? lesson.quiz.length, lesson.quiz.length);
  const counts = Array.from({ length: asked + 1 }, () => 0);
  for (const a of first) counts[Math.min(a.score, asked)]! += 1;
  return {
    takers: first.length,
    questions: asked,
    firstAttemptMean: mean(first.map((a) => a.score)),
    bestMean: mean(best),
    attemptsMean: mean([...byMember.values()].map((list) => list.length)),
    firstScoreCounts: counts,
  };
}

function stepStats(step: number, answers: ChallengeAnswerRecord[]): StepStats {
  const byMember = new Map<number, ChallengeAnswerRecord[]>();
  for (const a of answers) byMember.set(a.memberId, [...(byMember.get(a.memberId) ?? []), a]);
  const mistakes = new Map<string, { count: number; members: Set<number> }>();
  for (const a of answers.filter((x) => !x.correct)) {
    const m = mistakes.get(a.verdict) ?? { count: 0, members: new Set<number>() };
    m.count += 1;
    m.members.add(a.memberId);
    mistakes.set(a.verdict, m);
  }
  return {
    step,
    tried: byMember.size,
    solved: [...byMember.values()].filter((list) => list.some((a) => a.correct)).length,
    solvedFirstTry: [...byMember.values()].filter((list) => stepsSolvedFirstTry(list).has(step)).length,
    answers: answers.length,
    mistakes: [...mistakes.entries()]
      .map(([verdict, m]) => ({ verdict, count: m.count, members: m.members.size }))
      .sort((a, b) => b.count - a.count || b.members - a.members || a.verdict.localeCompare(b.verdict)),
  };
}

function membersSolvingAll(lesson: Lesson, answers: ChallengeAnswerRecord[]): Set<number> {
  const steps = lesson.challenge.steps.map((s) => s.step);
  const solved = new Map<number, Set<number>>();
  for (const a of answers.filter((x) => x.correct)) solved.set(a.memberId, (solved.get(a.memberId) ?? new Set()).add(a.step));
  return new Set([...solved.entries()].filter(([, s]) => steps.every((step) => s.has(step))).map(([id]) => id));
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
