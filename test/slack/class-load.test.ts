// The load benchmark's driver (npm run bench:load) with a tiny class, checked for correctness only:
// every student gets through the lesson and the quiz, every acknowledged answer is in the database
// exactly once, every photo is classified. Its timings are printed by the benchmark, never asserted.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../scripts/lib/load/options.ts';
import { runLoad } from '../../scripts/lib/load/run.ts';
import { checkScoring } from '../../scripts/lib/load/scoring.ts';
import { createTestDatabase } from '../support/database.ts';

describe('the class-load driver', () => {
  it('drives 5 students (double clicks included) and 2 photos posted at the same moment through Slack, and the counts agree with the database', async () => {
    // In this process (the harness's Bolt app): the driver is what is under test here, not the start-up.
    const options = { ...DEFAULTS, students: 5, seconds: 2, photos: 2, photoSeconds: 0, doubleClickRate: 0.5, thinkMs: 100, botProcess: false };
    const result = await runLoad(options);
    const { measurements: m, scoring } = result;
    expect({ finished: m.studentsFinished, stuck: [...m.stuck] }).toEqual({ finished: 5, stuck: [] });
    // Five questions drawn per attempt, every one acknowledged and stored once; scores add up.
    expect(scoring).toMatchObject({ acknowledged: 25, scored: 25, storedRows: 25, lost: 0, badScores: 0 });
    expect(m.photos.map((p) => p.verdict)).toEqual(['prediction', 'prediction']);
    for (const [kind, figures] of m.kinds) {
      expect({ kind, noReply: figures.noReply, notAcked: figures.notAcked }).toEqual({ kind, noReply: 0, notAcked: 0 });
      expect(figures.replyMs.length, kind).toBeGreaterThan(0);
    }
    // A double click sends two requests for one answer: more sends than questions.
    expect(m.kinds.get('quiz answer')!.sent).toBeGreaterThan(25);
    expect(result.shownByVerdict['generic-error'] ?? 0).toBe(0);
    expect(result.sessions.peak).toBeGreaterThan(0);
  }, 240_000);

  it('counts an acknowledged answer the database does not hold as lost', async () => {
    const db = await createTestDatabase();
    try {
      const check = await checkScoring(db.prisma, [{ student: 'U0NOBODY', questionNumber: 1, acknowledged: true, told: ['ok'] }], ['q1']);
      expect(check).toMatchObject({ acknowledged: 1, scored: 0, lost: 1 });
    } finally {
      await db.drop();
    }
  });
});
