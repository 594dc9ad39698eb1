// The quiz: one attempt at a time per member and lesson, every answer final. Each attempt draws its
// questions from the lesson's bank (those the member has seen least first) and shows each
// question's options in an order seeded by the attempt, so the order is the same after a restart.
// A second answer to the same question (a double click, a platform's retry) changes nothing and
// says so; the database's unique (attempt, question) keeps that true when two clicks race.
import { userText } from '../display-text.ts';
import { userError } from '../errors.ts';
import type { Lesson, LessonCatalog, QuizOption, QuizQuestion } from '../lessons/content.ts';
import { requireLesson } from '../lessons/lookup.ts';
import type { ClassroomStore, MemberRef, PointAward, QuizAnswerRecord, QuizAttemptRecord } from '../ports.ts';
import { quizAwards, sumPoints } from '../progress/points.ts';
import { requireInstructor } from '../roster/roles.ts';
import { attemptQuestions, memberQuizStats, quizStatsByMember, type MemberQuizStats } from './attempt-stats.ts';
import { drawQuestions, shownOptions } from './shuffle.ts';

export interface QuizState {
  lesson: Lesson;
  attempt: QuizAttemptRecord;
  /** The attempt's questions, in the order asked. */
  questions: QuizQuestion[];
  /** Index (into `questions`) of the question to answer now; null once every question is answered. */
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
  /** First attempt, best attempt and attempt count at this lesson's quiz. */
  stats: MemberQuizStats;
}

/** The question's options as this attempt shows them (A first). Attempts from before shuffling kept the file's order. */
export function optionsShown(attempt: Pick<QuizAttemptRecord, 'id' | 'questionIds'>, question: QuizQuestion): QuizOption[] {
  return attempt.questionIds.length === 0 ? question.options : shownOptions(question, `attempt ${attempt.id}`);
}

export class QuizService {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
  ) {}

  /** Resumes the member's unfinished attempt, or starts a new one (a retake after a finished one). */
  async start(member: MemberRef, lessonId: unknown): Promise<QuizState> {
    const lesson = requireLesson(this.catalog, lessonId);
    let { attempt, created } = await this.store.quiz.openOrCreateAttempt(member.memberId, lesson.id, await this.draw(member, lesson));
    if (stateOf(lesson, attempt, true).current === null) {
      // Every question answered but never closed (a crash between the two): close it, start fresh.
      await this.store.quiz.finishAttempt(attempt.id);
      ({ attempt, created } = await this.store.quiz.openOrCreateAttempt(member.memberId, lesson.id, await this.draw(member, lesson)));
    }
    return stateOf(lesson, attempt, !created);
  }

  /** The member's unfinished attempts with a question waiting, any lesson (text typed in a DM may answer one). */
  async inProgress(member: MemberRef): Promise<QuizState[]> {
    const attempts = await this.store.quiz.listAttempts([member.memberId]);
    return attempts.flatMap((attempt) => {
      const lesson = this.catalog.get(attempt.lessonId);
      const state = lesson && !attempt.finishedAt ? stateOf(lesson, attempt, true) : null;
      return state && state.current !== null ? [state] : [];
    });
  }

  /** The member's first and best attempts and their count at the lesson's quiz. */
  async stats(member: MemberRef, lessonId: number): Promise<MemberQuizStats> {
    const lesson = requireLesson(this.catalog, lessonId);
    return memberQuizStats(lesson, member.memberId, await this.store.quiz.listAttempts([member.memberId], lesson.id));
  }

  /**
   * Every member's first attempt score, best score and attempt count at the lesson's quiz, for the
   * class's analytics: instructors only. Members without an attempt are not in the map.
   */
  async classStats(caller: MemberRef, lessonId: number): Promise<Map<number, MemberQuizStats>> {
    await requireInstructor(this.store.roster, caller);
    const lesson = requireLesson(this.catalog, lessonId);
    const members = await this.store.roster.listMembers(caller.classroomId);
    return quizStatsByMember(
      lesson,
      await this.store.quiz.listAttempts(
        members.map((m) => m.id),
        lesson.id,
      ),
    );
  }

  /** A new attempt's questions: the ones this member was asked least often first. */
  private async draw(member: MemberRef, lesson: Lesson): Promise<string[]> {
    const attempts = await this.store.quiz.listAttempts([member.memberId], lesson.id);
    const asked = new Map<string, number>();
    for (const attempt of attempts) for (const q of attemptQuestions(lesson, attempt)) asked.set(q.id, (asked.get(q.id) ?? 0) + 1);
    return drawQuestions(lesson, asked, `member ${member.memberId} attempt ${attempts.length + 1}`);
  }

  /** The attempt as it stands, for showing it again. Only its owner may see it. */
  async state(member: MemberRef, attemptId: number): Promise<QuizState> {
    const attempt = await this.ownAttempt(member, attemptId);
    return stateOf(requireLesson(this.catalog, attempt.lessonId), attempt, true);
  }

  async answer(member: MemberRef, attemptId: number, questionId: string, optionId: string): Promise<AnswerOutcome> {
    const attempt = await this.ownAttempt(member, attemptId);
    const lesson = requireLesson(this.catalog, attempt.lessonId);
    const questions = attemptQuestions(lesson, attempt);
    const index = questions.findIndex((q) => q.id === questionId);
    const question = questions[index];
    if (!question) throw staleQuiz();

    const earlier = attempt.answers.find((a) => a.questionId === questionId);
    if (earlier) return this.already(member, lesson, (await this.settle(member, lesson, attempt)).attempt, question, index, earlier);

    const shown = optionsShown(attempt, question);
    const choice = shown.find((o) => o.id === optionId);
    if (!choice) {
      const letters = shown.map((_, i) => LETTERS[i]).join(', ');
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
    const result = await this.store.quiz.recordAnswer(attempt, { questionId, choice: choice.id, correct, shownOrder: shown.map((o) => o.id) });
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
      stats: await this.stats(member, lesson.id),
    };
  }

  /**
   * Pays what the attempt's score has earned and closes it once every question is answered. Both are
   * idempotent, and an answer that is already recorded runs them again: if the database went away
   * between recording an answer and paying for it, the member's next click completes it.
   */
  private async settle(member: MemberRef, lesson: Lesson, attempt: QuizAttemptRecord): Promise<{ attempt: QuizAttemptRecord; earned: PointAward[] }> {
    const earned = await this.store.points.award(member.memberId, quizAwards(lesson.id, attempt.score));
    if (attempt.answers.length < attemptQuestions(lesson, attempt).length || attempt.finishedAt) return { attempt, earned };
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
      stats: await this.stats(member, lesson.id),
    };
  }

  private async ownAttempt(member: MemberRef, attemptId: number): Promise<QuizAttemptRecord> {
    const attempt = Number.isInteger(attemptId) ? await this.store.quiz.findAttempt(attemptId) : null;
    if (!attempt || attempt.memberId !== member.memberId) throw staleQuiz();
    return attempt;
  }
}

/** Letters name options as shown; the stored choice is always the option's id. */
export const LETTERS = 'ABCDEFGHIJ';

function stateOf(lesson: Lesson, attempt: QuizAttemptRecord, resumed: boolean): QuizState {
  const answered = new Set(attempt.answers.map((a) => a.questionId));
  const questions = attemptQuestions(lesson, attempt);
  const next = questions.findIndex((q) => !answered.has(q.id));
  return { lesson, attempt, questions, current: attempt.finishedAt || next < 0 ? null : next, resumed };
}

function staleQuiz() {
  return userError(
    'quiz-stale',
    '이 퀴즈 버튼은 더 이상 쓸 수 없어요. /quiz 로 다시 시작해 주세요.',
    'This quiz button no longer works. Start again with /quiz.',
  );
}
