// Measures the classroom core through the Dispatcher, the way every adapter calls it, on a fresh
// Postgres database (and on PGlite with --pglite): per-call latency of the common commands, a burst
// of members answering at once, and the instructor's views over a class of --members students.
// The "whole class at once" part starts --members new students on the quiz together, then has them
// all answer at the same moment (every fifth clicking twice), and checks the database afterwards:
// every answer scored once, none lost.
// Usage: npm run bench:classroom -- [--members 200] [--pglite] [--burst-only]
import { parseArgs } from 'node:util';
import { createClassroom } from '../src/app/classroom.ts';
import type { Dispatcher } from '../src/app/dispatcher.ts';
import type { Invocation } from '../src/core/context.ts';
import type { Reply } from '../src/core/reply.ts';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createEmbeddedTestDatabase, createTestDatabase } from '../test/support/database.ts';

const { values } = parseArgs({
  options: { members: { type: 'string', default: '200' }, pglite: { type: 'boolean', default: false }, 'burst-only': { type: 'boolean', default: false } },
});
const classSize = Number(values.members);

const as = (name: string, role: 'student' | 'instructor' = 'student'): Invocation => ({
  classroom: { platform: 'console', externalId: 'bench' },
  caller: { platformUserId: name, displayName: name, platformRole: role, locale: 'en' },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function summary(label: string, times: number[], extra = ''): void {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} p50 ${percentile(sorted, 0.5).toFixed(1).padStart(7)} ms   p95 ${percentile(sorted, 0.95).toFixed(1).padStart(7)} ms   (${times.length} calls)${extra}`,
  );
}

async function measure(label: string, runs: number, call: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} p50 ${percentile(times, 0.5).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 0.95).toFixed(1).padStart(7)} ms   (${runs} calls)`,
  );
}

/** The right answer's action id for an attempt's first question (each attempt draws its own questions). */
type Answer = (attempt: { id: number; questionIds: string[] }) => string;

async function firstAnswers(prisma: PrismaClient, prefix: string, answer: Answer): Promise<Map<string, string>> {
  const attempts = await prisma.quizAttempt.findMany({
    where: { member: { platformUserId: { startsWith: prefix } } },
    select: { id: true, questionIds: true, member: { select: { platformUserId: true } } },
  });
  return new Map(attempts.map((a) => [a.member.platformUserId, answer(a)]));
}

async function bench(dispatcher: Dispatcher, prisma: PrismaClient, answer: Answer): Promise<void> {
  const student = (i: number) => as(`student-${i}`);
  await measure('/lesson 7 (first use: joins)', classSize, (i) => dispatcher.runCommand(student(i), 'lesson', { number: 7 }));
  await measure('lesson page (private, update)', classSize, (i) => dispatcher.runAction(student(i), 'lesson:page:7:1'));
  await measure('/quiz 7 (opens an attempt)', classSize, (i) => dispatcher.runCommand(student(i), 'quiz', { lesson: 7 }));
  const answerOf = await firstAnswers(prisma, 'student-', answer);
  await measure('quiz answer', classSize, (i) => dispatcher.runAction(student(i), answerOf.get(`student-${i}`)!));
  await measure('quiz answer, repeated click', classSize, (i) => dispatcher.runAction(student(i), answerOf.get(`student-${i}`)!));
  await measure('challenge answer', classSize, (i) => dispatcher.runAction(student(i), 'challenge:answer:7:1', { text: '512' }));

  const burst = Math.min(50, classSize);
  const start = performance.now();
  await Promise.all(Array.from({ length: burst }, (_, i) => dispatcher.runAction(student(i), 'lesson:page:7:2')));
  const seconds = (performance.now() - start) / 1000;
  console.log(`${`burst: ${burst} members paging at once`.padEnd(34)} ${(burst / seconds).toFixed(0)} calls/s   (${(seconds * 1000).toFixed(0)} ms)`);

  await measure(`/leaderboard (${classSize} students)`, 20, () => dispatcher.runCommand(student(0), 'leaderboard', {}));
  await measure(`/report (${classSize} students)`, 20, () => dispatcher.runCommand(as('teacher', 'instructor'), 'report', {}));
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

type Outcome = 'ok' | 'try again' | 'generic error' | 'other error';

function outcomeOf(replies: Reply[]): Outcome {
  const error = replies.find((reply) => reply.tone === 'error');
  if (!error) return 'ok';
  const words = error.blocks.map((block) => ('text' in block ? block.text : '')).join(' ');
  if (/database (isn't|stopped) answering/.test(words)) return 'try again';
  return /Something went wrong/.test(words) ? 'generic error' : 'other error';
}

/** Calls every `call` at once; prints p50/p95 and how the replies ended. */
async function atOnce(label: string, calls: (() => Promise<Reply[]>)[]): Promise<void> {
  const times: number[] = [];
  const outcomes = new Map<Outcome, number>();
  await Promise.all(
    calls.map(async (call) => {
      const start = performance.now();
      const outcome = outcomeOf(await call());
      times.push(performance.now() - start);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }),
  );
  summary(label, times, `   ${[...outcomes].map(([name, n]) => `${name} ${n}`).join(', ')}`);
}

/** The whole class on the quiz at once: starts, then answers with every fifth student clicking twice. */
async function classBurst(dispatcher: Dispatcher, prisma: PrismaClient, answer: Answer): Promise<void> {
  const student = (i: number) => as(`burst-${i}`);
  const everyone = Array.from({ length: classSize }, (_, i) => i);
  // Joining first, so the burst measures the quiz, not the roster's first-use inserts.
  await Promise.all(everyone.map((i) => dispatcher.runCommand(student(i), 'lesson', { number: 7 })));
  await atOnce(
    `${classSize} x /quiz 7 at once`,
    everyone.map((i) => () => dispatcher.runCommand(student(i), 'quiz', { lesson: 7 })),
  );
  const answerOf = await firstAnswers(prisma, 'burst-', answer);
  const clicks = everyone.flatMap((i) => {
    const click = () => dispatcher.runAction(student(i), answerOf.get(`burst-${i}`)!);
    return i % 5 === 0 ? [click, click] : [click];
  });
  await atOnce(`${classSize} answers at once (+${clicks.length - classSize} double)`, clicks);
  const scored = await prisma.quizAttempt.findMany({
    where: { member: { platformUserId: { startsWith: 'burst-' } } },
    select: { score: true, _count: { select: { answers: true } } },
  });
  const answered = scored.filter((a) => a._count.answers === 1).length;
  const doubled = scored.filter((a) => a.score > 1 || a._count.answers > 1).length;
  console.log(`${'  database afterwards'.padEnd(34)} ${answerOf.size} attempts for ${classSize} students, ${answered} answered once, ${doubled} double-scored`);
}

const db = values.pglite ? await createEmbeddedTestDatabase() : await createTestDatabase();
try {
  const { dispatcher, services } = await createClassroom({ database: db.database });
  console.log(`classroom core on ${db.database.describe}, ${classSize} students`);
  const quiz = services.catalog.get(7)?.quiz ?? [];
  const answer: Answer = (attempt) => {
    const first = quiz.find((q) => q.id === attempt.questionIds[0]);
    return `quiz:answer:${attempt.id}:${first?.id ?? 'q1'}:${first?.answer ?? 'a'}`;
  };
  if (!values['burst-only']) await bench(dispatcher, db.prisma, answer);
  await classBurst(dispatcher, db.prisma, answer);
} finally {
  await db.drop();
}
