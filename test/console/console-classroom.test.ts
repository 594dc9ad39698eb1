// Plays lesson 7, its quiz and the challenge through the real program in console mode, from a
// script, and checks both the transcript and what the database holds afterwards.
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type Lesson, type QuizOption, type QuizQuestion } from '../../src/core/lessons/content.ts';
import { optionsShown } from '../../src/core/quiz/quiz-service.ts';
import { drawQuestions } from '../../src/core/quiz/shuffle.ts';
import { reviewOptions } from '../../src/core/review/review-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runMain, type MainRun } from '../support/run-main.ts';

let db: TestDatabase;
let lesson: Lesson;
let run: MainRun;
const PASSWORD = 'pw-7f3e9c1a-not-for-logs';
const bibimbapDir = fileURLToPath(new URL('../../../shared/datasets/foodvision7/test/bibimbap/', import.meta.url));

/** The console numbers a question's options 1..4 in the order they are shown. */
function optionNumber(shown: QuizOption[], right: boolean, question: QuizQuestion): string {
  return String(shown.findIndex((option) => (option.id === question.answer) === right) + 1);
}

// A fresh database: Mina is member 1 and her attempt is attempt 1, so the script can work out what
// the attempt draws and how it orders the options, as the bot will (checked against the rows below).
let drawn: QuizQuestion[];

beforeAll(async () => {
  db = await createTestDatabase();
  const catalog = await loadLessons();
  lesson = catalog.get(7)!;
  drawn = drawQuestions(lesson, new Map(), 'member 1 attempt 1').map((id) => lesson.quiz.find((q) => q.id === id)!);
  const pages = lesson.sections.slice(1).map((_, index) => (index === 0 ? '1' : '2')); // Next, then Next (after Previous)
  const script = [
    '/lesson 7',
    ...pages,
    '/quiz 7',
    // The first question wrong, the rest right; then /review 7 asks the first again, answered right.
    ...drawn.map((q, i) => optionNumber(optionsShown({ id: 1, questionIds: drawn.map((d) => d.id) }, q), i > 0, q)),
    '/review 7',
    optionNumber(reviewOptions({ id: 1, round: 0 }, drawn[0]!), true, drawn[0]!),
    'what else can I do?',
    '/challenge 7',
    '512',
    'new_layer = torch.nn.Linear(512, 7)',
    '7',
    `/predict ${join(bibimbapDir, (await readdir(bibimbapDir)).sort()[0]!)}`,
    '/quit',
  ];
  const dir = await mkdtemp(join(tmpdir(), 'fv-console-'));
  const file = join(dir, 'lesson7.txt');
  await writeFile(file, script.join('\n'));
  // The local server trusts 127.0.0.1, so any password logs in; it is there to be looked for in the output.
  const url = new URL(db.url);
  url.password = PASSWORD;
  run = await runMain(['--script', file, '--as', 'Mina'], { DATABASE_URL: url.toString(), LANG: 'en_US.UTF-8', DATA_DIR: dir });
});

afterAll(async () => {
  await db?.drop();
});

describe('console classroom, lesson 7 from a script', () => {
  it('exits cleanly and logs no secret', () => {
    expect(run.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain(PASSWORD);
  });

  it('prints every section, the quiz score, a review and the three challenge steps', () => {
    for (const section of lesson.sections) expect(run.stdout).toContain(section.title.en);
    expect(run.stdout).toContain(`${lesson.sections.length}/${lesson.sections.length}`);
    expect(run.stdout).toMatch(/This attempt: 4\/5/);
    expect(run.stdout).toMatch(/First attempt: 4\/5/);
    expect(run.stdout).toContain('Review · Lesson 7');
    expect(run.stdout).toMatch(/\(1\/2\) I'll ask it again/);
    expect(run.stdout).toMatch(/Nothing is due right now\. Next review: /);
    // Text that is no command gets an answer, not silence.
    expect(run.stdout).toContain('I work by commands, not messages.');
    for (const step of lesson.challenge.steps) expect(run.stdout).toContain(`Step ${step.step}: correct`);
  });

  it('classifies a food photo with /predict', () => {
    expect(run.stdout).toMatch(/This looks like Bibimbap \(\d+%\)/);
    expect(run.stdout).toContain('What does the backbone see?');
  });

  it('stored progress, the finished attempt, the graded answers and the points', async () => {
    const member = await db.prisma.member.findFirstOrThrow({ where: { platformUserId: 'mina' }, include: { classroom: true } });
    expect(member.classroom.platform).toBe('console');
    const progress = await db.prisma.lessonProgress.findFirstOrThrow({ where: { memberId: member.id, lessonId: 7 } });
    expect([...progress.sectionsSeen].sort((a, b) => a - b)).toEqual(lesson.sections.map((_, index) => index));
    const attempts = await db.prisma.quizAttempt.findMany({ where: { memberId: member.id }, include: { answers: true } });
    expect([member.id, attempts.map((a) => a.id)]).toEqual([1, [1]]);
    expect(attempts[0]!.questionIds).toEqual(drawn.map((q) => q.id));
    expect(attempts[0]!.score).toBe(4);
    expect(attempts[0]!.finishedAt).not.toBeNull();
    expect(attempts[0]!.answers.map((answer) => answer.correct)).toEqual([false, true, true, true, true]);
    const review = await db.prisma.reviewItem.findMany({ where: { memberId: member.id } });
    expect(review.map((r) => [r.questionId, r.rightCount])).toEqual([[drawn[0]!.id, 1]]);
    const challenge = await db.prisma.challengeAnswer.findMany({ where: { memberId: member.id }, orderBy: { step: 'asc' } });
    expect(challenge.map((answer) => [answer.step, answer.correct])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    const points = await db.prisma.pointEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } });
    expect(points._sum.points).toBeGreaterThan(0);
    expect(await db.prisma.prediction.count({ where: { memberId: member.id } })).toBe(1);
  });
});
