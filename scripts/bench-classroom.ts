// Measures the classroom core through the Dispatcher, the way every adapter calls it, on a fresh
// Postgres database (and on PGlite with --pglite): per-call latency of the common commands, a burst
// of members answering at once, and the instructor's views over a class of --members students.
// Usage: npm run bench:classroom -- [--members 200] [--pglite]
import { parseArgs } from 'node:util';
import { createClassroom } from '../src/app/classroom.ts';
import type { Dispatcher } from '../src/app/dispatcher.ts';
import type { Invocation } from '../src/core/context.ts';
import { createEmbeddedTestDatabase, createTestDatabase } from '../test/support/database.ts';

const { values } = parseArgs({ options: { members: { type: 'string', default: '200' }, pglite: { type: 'boolean', default: false } } });
const classSize = Number(values.members);

const as = (name: string, role: 'student' | 'instructor' = 'student'): Invocation => ({
  classroom: { platform: 'console', externalId: 'bench' },
  caller: { platformUserId: name, displayName: name, platformRole: role, locale: 'en' },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function measure(label: string, runs: number, call: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} p50 ${percentile(times, 0.5).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 0.95).toFixed(1).padStart(7)} ms   (${runs} calls)`);
}

async function bench(dispatcher: Dispatcher, answer: string): Promise<void> {
  const student = (i: number) => as(`student-${i}`);
  await measure('/lesson 7 (first use: joins)', classSize, (i) => dispatcher.runCommand(student(i), 'lesson', { number: 7 }));
  await measure('lesson page (private, update)', classSize, (i) => dispatcher.runAction(student(i), 'lesson:page:7:1'));
  await measure('/quiz 7 (opens an attempt)', classSize, (i) => dispatcher.runCommand(student(i), 'quiz', { lesson: 7 }));
  await measure('quiz answer', classSize, (i) => dispatcher.runAction(student(i), `quiz:answer:${i + 1}:q1:${answer}`));
  await measure('quiz answer, repeated click', classSize, (i) => dispatcher.runAction(student(i), `quiz:answer:${i + 1}:q1:${answer}`));
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

const db = values.pglite ? await createEmbeddedTestDatabase() : await createTestDatabase();
try {
  const { dispatcher, services } = await createClassroom({ database: db.database });
  console.log(`classroom core on ${db.database.describe}, ${classSize} students`);
  await bench(dispatcher, services.catalog.get(7)?.quiz[0]?.answer ?? 'a');
} finally {
  await db.drop();
}
