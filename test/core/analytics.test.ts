// The instructor's analytics on real Postgres: option shares on first attempts and overall (first by
// start time, choices by option id), mistakes by the grader's verdict, the funnel over the roster,
// first attempts and attempt counts in progress and the report, and the Canvas gradebook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../src/core/challenge/grade.ts';
import type { MemberRef } from '../../src/core/ports.ts';
import { CANVAS_IDENTITY_COLUMNS } from '../../src/core/progress/gradebook.ts';
import { REPORT_HEADER } from '../../src/core/progress/progress-service.ts';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';
import { parseCsv } from './csv-reader.ts';

let f: CoreFixture;
beforeAll(async () => {
  f = await createCoreFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

const room = { classroom: 'analytics' };

interface Answered {
  memberId: number;
  firstAttempt: boolean;
  questionId: string;
  choice: string;
}
/** Every answer this file gave, so expectations follow the questions each attempt actually drew. */
const given: Answered[] = [];

/** Starts an attempt and answers its drawn questions in order, right (true) or wrong (false), as far as the plan goes. */
async function takeQuiz(member: MemberRef, plan: boolean[]): Promise<number> {
  const firstAttempt = (await f.prisma.quizAttempt.count({ where: { memberId: member.memberId } })) === 0;
  const { attempt, questions } = await f.services.quiz.start(member, 7);
  for (const [i, right] of plan.entries()) {
    const q = questions[i]!;
    // The wrong pick is the first wrong option by id, whatever letter the attempt shows it under.
    const choice = right
      ? q.answer
      : q.options
          .map((o) => o.id)
          .sort()
          .find((id) => id !== q.answer)!;
    await f.services.quiz.answer(member, attempt.id, q.id, choice);
    given.push({ memberId: member.memberId, firstAttempt, questionId: q.id, choice });
  }
  return attempt.id;
}

/** What this file's members but `instructor` chose for one question: option id → count. */
function choicesFor(questionId: string, firstOnly: boolean, instructor: MemberRef): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(
    f.catalog
      .get(7)!
      .quiz.find((q) => q.id === questionId)!
      .options.map((o) => [o.id, 0]),
  );
  for (const a of given) if (a.questionId === questionId && a.memberId !== instructor.memberId && (a.firstAttempt || !firstOnly)) counts[a.choice]! += 1;
  return counts;
}

async function readAll(member: MemberRef): Promise<void> {
  for (let s = 0; s < f.catalog.get(7)!.sections.length; s++) await f.services.lessons.view(member, 7, s);
}

describe('class analytics', () => {
  let teacher: MemberRef;
  beforeAll(async () => {
    teacher = await f.join('Teacher', { ...room, role: 'instructor' });
    const ana = await f.join('Ana', room);
    const ben = await f.join('Ben', room);
    const cho = await f.join('Cho', room);
    await f.join('Dee', room); // joined, never did anything
    await f.services.rosterImports.importFile(teacher, new TextEncoder().encode('name,id\nEun,S-5\n'));

    // Five questions per attempt. Ana misses her first question, then retakes with full marks; Ben
    // misses his second; Cho answers one question wrongly and stops; the teacher is not the class.
    await readAll(ana);
    await takeQuiz(ana, [false, true, true, true, true]);
    await takeQuiz(ana, [true, true, true, true, true]);
    await readAll(ben);
    await takeQuiz(ben, [true, false, true, true, true]);
    await f.services.lessons.view(cho, 7, 0);
    await takeQuiz(cho, [false]); // unfinished first attempt
    await takeQuiz(teacher, [false, false, false, false, false]);

    // The challenge: Ana solves all three steps after mistakes, Ben stumbles on step 1.
    for (const text of ['7', '5 1 2', '512']) await f.services.challenge.answer(ana, 7, 1, text);
    await f.services.challenge.answer(ana, 7, 2, 'nn.Linear(7, 512)');
    await f.services.challenge.answer(ana, 7, 2, 'nn.Linear(512, 7)');
    await f.services.challenge.answer(ana, 7, 3, '7');
    await f.services.challenge.answer(ben, 7, 1, '7');
    await f.services.challenge.answer(ben, 7, 1, '7');
  });

  it('gives each question its option shares on first attempts and overall, by option id', async () => {
    const stats = await f.services.analytics.lesson(teacher, 7);
    const bank = f.catalog.get(7)!.quiz;
    // Every question of the bank, in bank order, asked or not.
    expect(stats.questions.map((q) => q.questionId)).toEqual(bank.map((q) => q.id));
    for (const q of stats.questions) {
      const shares = (tally: typeof q.firstAttempt) => Object.fromEntries(tally.options.map((o) => [o.optionId, o.count]));
      // First attempts: Ana's first, Ben's and Cho's (the teacher is not counted); overall adds Ana's retake.
      expect(shares(q.firstAttempt), q.questionId).toEqual(choicesFor(q.questionId, true, teacher));
      expect(shares(q.overall), q.questionId).toEqual(choicesFor(q.questionId, false, teacher));
      expect(q.firstAttempt.options.find((o) => o.correct)?.optionId).toBe(q.question!.answer);
      const { answered, correct, correctRate } = q.firstAttempt;
      expect(correctRate).toBe(answered ? correct / answered : null);
    }
    const total = (pick: (q: (typeof stats.questions)[number]) => number) => stats.questions.reduce((n, q) => n + pick(q), 0);
    // Ana 5 + Ben 5 + Cho 1 first answers, 4 + 4 + 0 right; Ana's retake adds 5 right ones.
    expect([total((q) => q.firstAttempt.answered), total((q) => q.firstAttempt.correct)]).toEqual([11, 8]);
    expect([total((q) => q.overall.answered), total((q) => q.overall.correct)]).toEqual([16, 13]);
    // Scores are out of the five questions an attempt asks: Ana 4, Ben 4, Cho 0 (unfinished).
    expect(stats.quiz).toMatchObject({ takers: 3, questions: 5, firstScoreCounts: [1, 0, 0, 0, 2, 0] });
    expect(stats.quiz.firstAttemptMean).toBeCloseTo((4 + 4 + 0) / 3);
    expect(stats.quiz.bestMean).toBeCloseTo((5 + 4 + 0) / 3);
    expect(stats.quiz.attemptsMean).toBeCloseTo(4 / 3);
  });

  it('counts challenge mistakes by the verdict the grader named, most common first', async () => {
    const stats = await f.services.analytics.lesson(teacher, 7);
    const steps = f.catalog.get(7)!.challenge.steps.map((s) => s.grader);
    const verdict = (step: number, text: string) => gradeAnswer(steps[step - 1]!, text, steps).code;
    const step1 = stats.steps[0]!;
    expect(step1).toMatchObject({ step: 1, tried: 2, solved: 1, solvedFirstTry: 0, answers: 5 });
    expect(verdict(1, '7')).not.toBe('correct');
    expect(step1.mistakes[0]).toEqual({ verdict: verdict(1, '7'), count: 3, members: 2 });
    expect(step1.mistakes[1]).toEqual({ verdict: verdict(1, '5 1 2'), count: 1, members: 1 });
    expect(stats.steps[1]!.mistakes).toEqual([{ verdict: verdict(2, 'nn.Linear(7, 512)'), count: 1, members: 1 }]);
    expect(stats.steps[2]).toMatchObject({ tried: 1, solved: 1, solvedFirstTry: 1, mistakes: [] });
  });

  it('runs the funnel over the whole roster, members who never started included', async () => {
    const { funnel } = await f.services.analytics.lesson(teacher, 7);
    // Ana, Ben, Cho, Dee and Eun (roster only); the teacher is not a student.
    expect(funnel).toEqual({ students: 5, openedLesson: 3, finishedLesson: 2, tookQuiz: 2, solvedChallenge: 1 });
  });

  it('keeps an erased student in the quiz statistics but not in the funnel', async () => {
    const fay = await f.join('Fay', room);
    await takeQuiz(fay, [true, true, true, true, true]);
    await f.services.dataRights.erase(fay, fay.memberId);
    const stats = await f.services.analytics.lesson(teacher, 7);
    // Fay's five right first answers stay: 11 + 5 answered, 8 + 5 right.
    const firsts = stats.questions.map((q) => q.firstAttempt);
    expect([firsts.reduce((n, t) => n + t.answered, 0), firsts.reduce((n, t) => n + t.correct, 0)]).toEqual([16, 13]);
    expect(stats.funnel.students).toBe(5);
    expect(stats.funnel.tookQuiz).toBe(2);
  });

  it('is for instructors only, checked against the recorded role', async () => {
    const student = await f.join('Ana', room);
    expect(await userErrorCode(() => f.services.analytics.lesson({ ...student, role: 'instructor' } as MemberRef, 7))).toBe('instructor-only');
    expect(await userErrorCode(() => f.services.analytics.lesson(teacher, 99))).toBe('unknown-lesson');
  });

  it('shows first attempts and attempt counts beside the best score in progress and the report', async () => {
    const ana = await f.join('Ana', room);
    const [lesson] = (await f.services.progress.mine(ana)).lessons;
    expect(lesson).toMatchObject({
      quizFirst: { score: 4, total: 5 },
      quizBest: 5,
      quizAttempts: 2,
      challengeSolved: 3,
      challengeFirstTry: 1,
      challengeAnswers: 6,
    });
    const cho = await f.join('Cho', room);
    // Cho's first attempt is still open: no first score yet.
    expect((await f.services.progress.mine(cho)).lessons[0]).toMatchObject({ quizFirst: null, quizAttempts: 1 });

    const rows = parseCsv(await f.services.progress.reportCsv(teacher));
    expect(rows[0]).toEqual(REPORT_HEADER);
    const col = (name: string) => REPORT_HEADER.indexOf(name);
    const anaRow = rows.find((r) => r[col('name')] === 'Ana')!;
    expect([anaRow[col('quiz_first_score')], anaRow[col('quiz_best_score')], anaRow[col('quiz_attempts')], anaRow[col('status')]]).toEqual([
      '4',
      '5',
      '2',
      'started',
    ]);
    expect(anaRow[col('member_id')]).toBe(String(ana.memberId));
    const eunRow = rows.find((r) => r[col('name')] === 'Eun')!;
    expect([eunRow[col('student_id')], eunRow[col('status')], eunRow[col('quiz_attempts')]]).toEqual(['S-5', 'not_started', '0']);
  });

  it("writes a gradebook in Canvas's import shape: identity columns, a Points Possible row, one column per graded item", async () => {
    const first = parseCsv(await f.services.progress.gradebookCsv(teacher));
    expect(first[0]).toEqual([...CANVAS_IDENTITY_COLUMNS, 'Lesson 7 quiz (first attempt)', 'Lesson 7 challenge']);
    // The quiz is worth the five questions an attempt asks, the challenge its three steps.
    expect(first[1]).toEqual(['Points Possible', '', '', '', '', '5', '3']);
    const byName = new Map(first.slice(2).map((r) => [r[0], r]));
    // Students only, erased placeholders left out; a blank is "no grade yet", not a zero.
    expect([...byName.keys()]).toEqual(['Ana', 'Ben', 'Cho', 'Dee', 'Eun']);
    expect(byName.get('Ana')!.slice(5)).toEqual(['4', '3']);
    expect(byName.get('Ben')!.slice(5)).toEqual(['4', '0']);
    // Cho's first attempt is still open and he never tried the challenge: no grades yet.
    expect(byName.get('Cho')!.slice(5)).toEqual(['', '']);
    expect(byName.get('Dee')!.slice(5)).toEqual(['', '']);
    expect(byName.get('Eun')!.slice(1, 5)).toEqual(['', 'S-5', '', '']);
    const best = parseCsv(await f.services.progress.gradebookCsv(teacher, 'best'));
    expect(best[0]![5]).toBe('Lesson 7 quiz (best attempt)');
    expect(best.find((r) => r[0] === 'Ana')![5]).toBe('5');
    const student = await f.join('Ben', room);
    expect(await userErrorCode(() => f.services.progress.gradebookCsv(student))).toBe('instructor-only');
  });
});
