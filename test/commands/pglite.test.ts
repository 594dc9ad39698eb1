// The embedded default (PGlite) runs the same classroom: the quiz's row lock and the unique
// constraints that make answers and points idempotent behave as on Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassroom } from '../../src/app/classroom.ts';
import type { CommandContext } from '../../src/app/command.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import { cooldown } from '../../src/app/preconditions.ts';
import type { Services } from '../../src/app/services.ts';
import type { Invocation } from '../../src/core/context.ts';
import { createEmbeddedTestDatabase, type EmbeddedTestDatabase } from '../support/database.ts';
import { allText, button } from './fixture.ts';

let db: EmbeddedTestDatabase;
let dispatcher: Dispatcher;
let services: Services;
beforeAll(async () => {
  db = await createEmbeddedTestDatabase();
  ({ dispatcher, services } = await createClassroom({ database: db.database }));
});
afterAll(async () => {
  await db?.drop();
});

const me: Invocation = {
  classroom: { platform: 'console', externalId: 'local' },
  caller: { platformUserId: 'pia', displayName: 'Pia', platformRole: 'student', locale: 'en' },
};

describe('classroom on PGlite', () => {
  it('plays a lesson, a double-clicked quiz answer and a challenge step', async () => {
    const [lesson] = await dispatcher.runCommand(me, 'lesson', { number: 7 });
    expect(allText(lesson)).toContain(`1/${services.lessons.get(7).sections.length}`);

    const [dm] = await Promise.all([dispatcher.runCommand(me, 'quiz', { lesson: 7 }), dispatcher.runCommand(me, 'quiz', { lesson: 7 })]).then((r) => r[0]);
    expect(await db.prisma.quizAttempt.count()).toBe(1);
    const asked = button(dm, 'quiz:answer:').actionId;
    const answer = services.catalog.get(7)!.quiz.find((q) => q.id === asked.split(':')[3])!.answer;
    const click = asked.replace(/:[^:]+$/, `:${answer}`);
    const results = await Promise.all([dispatcher.runAction(me, click), dispatcher.runAction(me, click)]);
    expect(results.map((r) => r.length).sort()).toEqual([1, 2]);
    expect(await db.prisma.quizAnswer.count()).toBe(1);

    const [right] = await dispatcher.runAction(me, 'challenge:answer:7:1', { text: '512' });
    expect(right!.tone).toBe('success');
    const points = await db.prisma.pointEntry.aggregate({ _sum: { points: true } });
    // A section seen, one right quiz answer (paid once despite the double click), one challenge step.
    expect(points._sum.points).toBe(1 + 10 + 10);
  });

  it('counts cooldowns in the embedded database too (the console), refusing past the limit', async () => {
    const ctx = { caller: { classroomId: 1, memberId: 601 }, services } as unknown as CommandContext;
    const rule = cooldown(60_000, { calls: 2, now: () => Date.UTC(2026, 0, 5) });
    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => rule.check(ctx, 'predict')));
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(2);
    const refusals = answers.flatMap((answer) => (answer.status === 'rejected' ? [(answer.reason as Error).message] : []));
    expect(refusals).toEqual(Array(3).fill("That's a lot of /predict at once. Please try again in 60 s."));
  });
});
