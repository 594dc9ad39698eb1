// The quiz: one attempt at a time per member and lesson, questions in order, every answer final.
// A second answer to the same question (a double click, a platform's retry) changes nothing and
// says so; the database's unique (attempt, question) keeps that true when two clicks race.
import { userText } from '../display-text.ts';
import { userError } from '../errors.ts';
import type { Lesson, LessonCatalog, QuizOption, QuizQuestion } from '../lessons/content.ts';
import { requireLesson } from '../lessons/lookup.ts';
import type { ClassroomStore, MemberRef, PointAward, QuizAnswerRecord, QuizAttemptRecord } from '../ports.ts';
import { quizAwards, sumPoints } from '../progress/points.ts';

export interface QuizState {
  lesson: Lesson;
  attempt: QuizAttemptRecord;
  /** Index of the question to answer now; null once every question is answered. */
  current: number | null;
  /** True when an unfinished attempt was picked up again rather than started. */
  resumed: boolean;
}

export interface AnswerOutcome {
  /** "already": this question had an answer; nothing changed and `choice`/`correct` are the recorded ones. */
  status: 'recorded' | 'already';
  question: QuizQuestion;
  index: number;
  choice: QuizOption;
  correct: boolean;
  state: QuizState;
  pointsEarned: number;
  /** The member's best score at this lesson's quiz, over every attempt. */
  bestScore: number;
}

export class QuizService {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
  ) {}

  /** Resumes the member's unfinished attempt, or starts a new one (a retake after a finished one). */
  async start(member: MemberRef, lessonId: unknown): Promise<QuizState> {
    const lesson = requireLesson(this.catalog, lessonId);
    let { attempt, created } = await this.store.quiz.openOrCreateAttempt(member.memberId, lesson.id);
    if (stateOf(lesson, attempt, true).current === null) {
      // Every question answered but never closed (a crash between the two): close it, start fresh.
      await this.store.quiz.finishAttempt(attempt.id);
      ({ attempt, created } = await this.store.quiz.openOrCreateAttempt(member.memberId, lesson.id));
    }
    return stateOf(lesson, attempt, !created);
  }

  /** The attempt as it stands, for showing it again. Only its owner may see it. */
  async state(member: MemberRef, attemptId: number): Promise<QuizState> {
    const attempt = await this.ownAttempt(member, attemptId);
    return stateOf(requireLesson(this.catalog, attempt.lessonId), attempt, true);
  }

  async answer(member: MemberRef, attemptId: number, questionId: string, optionId: string): Promise<AnswerOutcome> {
    const attempt = await this.ownAttempt(member, attemptId);
    const lesson = requireLesson(this.catalog, attempt.lessonId);
    const index = lesson.quiz.findIndex((q) => q.id === questionId);
    const question = lesson.quiz[index];
    if (!question) throw staleQuiz();

    const earlier = attempt.answers.find((a) => a.questionId === questionId);
    if (earlier) return this.already(member, lesson, (await this.settle(member, lesson, attempt)).attempt, question, index, earlier);

    const choice = question.options.find((o) => o.id === optionId);
    if (!choice) {
      const letters = question.options.map((o) => o.id).join(', ');
      throw userError(
        'quiz-bad-option',
        `"${userText(optionId, { maxLength: 20 })}"은(는) 이 문제의 보기가 아니에요. (${letters} 중에서 골라 주세요)`,
        `"${userText(optionId, { maxLength: 20 })}" is not an option of this question (choose from ${letters}).`,
      );
    }
    const current = stateOf(lesson, attempt, true).current;
    if (current !== index) {
      const which = current === null ? null : current + 1;
      throw userError(
        'quiz-not-current',
        which ? `지금은 ${which}번 문제에 답할 차례예요.` : '이 퀴즈는 이미 끝났어요.',
        which ? `Question ${which} is the one to answer now.` : 'This quiz is already finished.',
      );
    }

    const correct = choice.id === question.answer;
    const result = await this.store.quiz.recordAnswer(attempt.id, { questionId, choice: choice.id, correct });
    if (!result.recorded) {
      const { attempt: after } = await this.settle(member, lesson, await this.ownAttempt(member, attemptId));
      return this.already(member, lesson, after, question, index, result.existing);
    }

    const { attempt: after, earned } = await this.settle(member, lesson, await this.ownAttempt(member, attemptId));
    return {
      status: 'recorded',
      question,
      index,
      choice,
      correct,
      state: stateOf(lesson, after, false),
      pointsEarned: sumPoints(earned),
      bestScore: await this.bestScore(member, lesson.id),
    };
  }

  async bestScore(member: MemberRef, lessonId: number): Promise<number> {
    const attempts = await this.store.quiz.listAttempts([member.memberId], lessonId);
    return Math.max(0, ...attempts.map((a) => a.score));
  }

  /**
   * Pays what the attempt's score has earned and closes it once every question is answered. Both are
   * idempotent, and an answer that is already recorded runs them again: if the database went away
   * between recording an answer and paying for it, the member's next click completes it.
   */
  private async settle(member: MemberRef, lesson: Lesson, attempt: QuizAttemptRecord): Promise<{ attempt: QuizAttemptRecord; earned: PointAward[] }> {
    const earned = await this.store.points.award(member.memberId, quizAwards(lesson.id, attempt.score));
    if (attempt.answers.length < lesson.quiz.length || attempt.finishedAt) return { attempt, earned };
    await this.store.quiz.finishAttempt(attempt.id);
    return { attempt: await this.ownAttempt(member, attempt.id), earned };
  }

  private async already(
    member: MemberRef,
    lesson: Lesson,
    attempt: QuizAttemptRecord,
    question: QuizQuestion,
    index: number,
    recorded: QuizAnswerRecord,
  ): Promise<AnswerOutcome> {
    const choice = question.options.find((o) => o.id === recorded.choice) ?? {
      id: recorded.choice,
      text: { ko: recorded.choice, en: recorded.choice },
      feedback: { ko: '', en: '' },
    };
    return {
      status: 'already',
      question,
      index,
      choice,
      correct: recorded.correct,
      state: stateOf(lesson, attempt, false),
      pointsEarned: 0,
      bestScore: await this.bestScore(member, lesson.id),
    };
  }

  private async ownAttempt(member: MemberRef, attemptId: number): Promise<QuizAttemptRecord> {
    const attempt = Number.isInteger(attemptId) ? await this.store.quiz.findAttempt(attemptId) : null;
    if (!attempt || attempt.memberId !== member.memberId) throw staleQuiz();
    return attempt;
  }
}

function stateOf(lesson: Lesson, attempt: QuizAttemptRecord, resumed: boolean): QuizState {
  const answered = new Set(attempt.answers.map((a) => a.questionId));
  const next = lesson.quiz.findIndex((q) => !answered.has(q.id));
  return { lesson, attempt, current: attempt.finishedAt || next < 0 ? null : next, resumed };
}

function staleQuiz() {
  return userError(
    'quiz-stale',
    '이 퀴즈 버튼은 더 이상 쓸 수 없어요. /quiz 로 다시 시작해 주세요.',
    'This quiz button no longer works. Start again with /quiz.',
  );
}
