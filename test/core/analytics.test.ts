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

/** Takes the whole quiz with these option ids (question order), or only the first ones given. */
async function takeQuiz(member: MemberRef, choices: string[]): Promise<number> {
  const { attempt } = await f.services.quiz.start(member, 7);
  const lesson = f.catalog.get(7)!;
  for (const [i, choice] of choices.entries()) await f.services.quiz.answer(member, attempt.id, lesson.quiz[i]!.id, choice);
  return attempt.id;
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

    // Right answers: q1 c, q2 a, q3 d.
    await readAll(ana);
    await takeQuiz(ana, ['b', 'a', 'd']);
    await takeQuiz(ana, ['c', 'a', 'd']);
    await readAll(ben);
    await takeQuiz(ben, ['c', 'b', 'd']);
    await f.services.lessons.view(cho, 7, 0);
    await takeQuiz(cho, ['b']); // unfinished first attempt
    await takeQuiz(teacher, ['a', 'a', 'a']); // instructors are not the class

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
    const q1 = stats.questions[0]!;
    expect(q1.questionId).toBe('q1');
    // First attempts: Ana b, Ben c, Cho b (the teacher is not counted).
    expect(q1.firstAttempt).toMatchObject({ answered: 3, correct: 1 });
    expect(q1.firstAttempt.correctRate).toBeCloseTo(1 / 3);
    const firstShares = Object.fromEntries(q1.firstAttempt.options.map((o) => [o.optionId, o.count]));
    expect(firstShares).toEqual({ a: 0, b: 2, c: 1, d: 0 });
    expect(q1.firstAttempt.options.find((o) => o.correct)?.optionId).toBe('c');
    // Overall adds Ana's retake (c).
    expect(q1.overall).toMatchObject({ answered: 4, correct: 2, correctRate: 0.5 });
    // q2: Ana a, Ben b on first attempts; Cho never reached it.
    expect(stats.questions[1]!.firstAttempt).toMatchObject({ answered: 2, correct: 1 });
    expect(stats.quiz).toMatchObject({ takers: 3, questions: 3, firstScoreCounts: [1, 0, 2, 0] });
    expect(stats.quiz.bestMean).toBeCloseTo((3 + 2 + 0) / 3);
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
    await takeQuiz(fay, ['c', 'a', 'd']);
    await f.services.dataRights.erase(fay, fay.memberId);
    const stats = await f.services.analytics.lesson(teacher, 7);
    expect(stats.questions[0]!.firstAttempt).toMatchObject({ answered: 4, correct: 2 });
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
    expect(lesson).toMatchObject({ quizFirst: 2, quizFirstFinished: true, quizBest: 3, quizAttempts: 2, challengeSolved: 3, challengeFirstTry: 1, challengeAnswers: 6 });
    const cho = await f.join('Cho', room);
    expect((await f.services.progress.mine(cho)).lessons[0]).toMatchObject({ quizFirst: 0, quizFirstFinished: false, quizAttempts: 1 });

    const rows = parseCsv(await f.services.progress.reportCsv(teacher));
    expect(rows[0]).toEqual(REPORT_HEADER);
    const col = (name: string) => REPORT_HEADER.indexOf(name);
    const anaRow = rows.find((r) => r[col('name')] === 'Ana')!;
    expect([anaRow[col('quiz_first_score')], anaRow[col('quiz_best_score')], anaRow[col('quiz_attempts')], anaRow[col('status')]]).toEqual(['2', '3', '2', 'started']);
    expect(anaRow[col('member_id')]).toBe(String(ana.memberId));
    const eunRow = rows.find((r) => r[col('name')] === 'Eun')!;
    expect([eunRow[col('student_id')], eunRow[col('status')], eunRow[col('quiz_attempts')]]).toEqual(['S-5', 'not_started', '0']);
  });

  it("writes a gradebook in Canvas's import shape: identity columns, a Points Possible row, one column per graded item", async () => {
    const first = parseCsv(await f.services.progress.gradebookCsv(teacher));
    expect(first[0]).toEqual([...CANVAS_IDENTITY_COLUMNS, 'Lesson 7 quiz (first attempt)', 'Lesson 7 challenge']);
    expect(first[1]).toEqual(['Points Possible', '', '', '', '', '3', '3']);
    const byName = new Map(first.slice(2).map((r) => [r[0], r]));
    // Students only, erased placeholders left out; a blank is "no grade yet", not a zero.
    expect([...byName.keys()]).toEqual(['Ana', 'Ben', 'Cho', 'Dee', 'Eun']);
    expect(byName.get('Ana')!.slice(5)).toEqual(['2', '3']);
    expect(byName.get('Ben')!.slice(5)).toEqual(['2', '0']);
    expect(byName.get('Dee')!.slice(5)).toEqual(['', '']);
    expect(byName.get('Eun')!.slice(1, 5)).toEqual(['', 'S-5', '', '']);
    const best = parseCsv(await f.services.progress.gradebookCsv(teacher, 'best'));
    expect(best[0]![5]).toBe('Lesson 7 quiz (best attempt)');
    expect(best.find((r) => r[0] === 'Ana')![5]).toBe('3');
    const student = await f.join('Ben', room);
    expect(await userErrorCode(() => f.services.progress.gradebookCsv(student))).toBe('instructor-only');
  });
});
