import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/core/progress/csv.ts';
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

describe('CSV cells', () => {
  it('quotes what RFC 4180 says to quote and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+82 10')).toBe("'+82 10");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});

describe('leaderboard', () => {
  it('ranks by points and breaks ties by who reached the total first', async () => {
    const room = { classroom: 'board' };
    const teacher = await f.join('Teacher', { ...room, role: 'instructor' });
    const early = await f.join('Early', room);
    const late = await f.join('Late', room);
    const idle = await f.join('Idle', room);
    // "Late" joined second but reaches 10 points first.
    await f.services.challenge.answer(late, 7, 1, '512');
    await f.services.challenge.answer(early, 7, 1, '512');
    await f.services.challenge.answer(teacher, 7, 1, '512');

    let board = await f.services.progress.leaderboard(teacher);
    expect(board.top.map((s) => [s.member.displayName, s.points, s.rank])).toEqual([
      ['Late', 10, 1],
      ['Early', 10, 2],
    ]);
    expect((await f.services.progress.mine(early)).rank).toMatchObject({ rank: 2, of: 2 });
    expect((await f.services.progress.mine(idle)).rank).toBeNull();
    expect((await f.services.progress.mine(teacher)).rank).toBeNull();

    await f.services.lessons.view(early, 7, 0);
    board = await f.services.progress.leaderboard(teacher);
    expect(board.top.map((s) => s.member.displayName)).toEqual(['Early', 'Late']);
    expect((await f.services.progress.mine(late)).rank).toMatchObject({ rank: 2, of: 2 });
  });

  it('is for instructors only, checked against the recorded role', async () => {
    const student = await f.join('Curious', { classroom: 'board' });
    expect(await userErrorCode(() => f.services.progress.leaderboard(student))).toBe('instructor-only');
  });

  it('shows the top ten only, while each student still learns their rank', async () => {
    const room = { classroom: 'big-class' };
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await f.join(`Student${String(i).padStart(2, '0')}`, room));
    for (const [i, m] of members.entries()) {
      for (let s = 0; s <= i % 4; s++) await f.services.lessons.view(m, 7, s);
    }
    // Students 0, 4 and 8 have 1 point each, in that order of reaching it: 8 comes last.
    const last = members[8]!;
    const teacher = await f.join('Coach', { ...room, role: 'instructor' });
    const board = await f.services.progress.leaderboard(teacher);
    expect(board.top).toHaveLength(10);
    expect(board.ranked).toBe(12);
    expect((await f.services.progress.mine(last)).rank).toMatchObject({ rank: 12, of: 12 });
    expect(board.top.some((s) => s.member.id === last.memberId)).toBe(false);
  });
});

describe('progress and report', () => {
  it("shows a member's own progress per lesson", async () => {
    const me = await f.join('Progressor', { classroom: 'progress' });
    await f.services.lessons.view(me, 7, 0);
    await f.services.lessons.view(me, 7, 1);
    const { attempt, questions } = await f.services.quiz.start(me, 7);
    const q = questions[0]!;
    await f.services.quiz.answer(me, attempt.id, q.id, q.answer);
    const progress = await f.services.progress.mine(me);
    expect(progress.points).toBe(12);
    expect(progress.lessons[0]).toMatchObject({ sectionsSeen: 2, quizBest: 1, quizAttempts: 1, challengeSolved: 0, completed: false });
  });

  it("refuses another member's progress and the report to a student, whatever role the call claims", async () => {
    const room = { classroom: 'guarded' };
    const student = await f.join('Student', room);
    await f.join('Classmate', room);
    const forged = { ...student, role: 'instructor' as const };
    expect(await userErrorCode(() => f.services.progress.reportCsv(forged))).toBe('instructor-only');
    expect(await userErrorCode(() => f.services.progress.of(forged, 'classmate'))).toBe('instructor-only');
    // An instructor of another classroom is no instructor here.
    const outsider = await f.join('Outsider', { classroom: 'elsewhere', role: 'instructor' });
    expect(await userErrorCode(() => f.services.progress.reportCsv({ ...outsider, classroomId: student.classroomId }))).toBe('instructor-only');

    const teacher = await f.join('Teacher', { ...room, role: 'instructor' });
    expect((await f.services.progress.of(teacher, 'classmate')).member.displayName).toBe('Classmate');
  });

  it('writes one quoted, injection-safe CSV row per member', async () => {
    const room = { classroom: 'report' };
    const teacher = await f.join('Teacher', { ...room, role: 'instructor' });
    const tricky = ['Kim, Minji', 'The "Ace"', '=HYPERLINK("http://evil","x")', '+1 student', '@admin', '-minus', '이서연 🍜'];
    for (const name of tricky) await f.join(name, room);
    const ace = await f.join('The "Ace"', room);
    await f.services.lessons.view(ace, 7, 0);
    await f.services.challenge.answer(ace, 7, 1, '512');
    const { attempt, questions } = await f.services.quiz.start(ace, 7);
    const q = questions[0]!;
    await f.services.quiz.answer(ace, attempt.id, q.id, q.answer);

    const csv = await f.services.progress.reportCsv(teacher);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(REPORT_HEADER);
    expect(rows).toHaveLength(1 + tricky.length + 1);
    const col = (name: string) => REPORT_HEADER.indexOf(name);
    const names = rows.slice(1).map((r) => r[col('name')]);
    expect(names).toEqual(
      expect.arrayContaining(['Kim, Minji', 'The "Ace"', `'=HYPERLINK("http://evil","x")`, "'+1 student", "'@admin", "'-minus", '이서연 🍜', 'Teacher']),
    );
    const pick = (row: string[], names: string[]) => names.map((n) => row[col(n)]);
    const counts = ['role', 'status', 'sections_seen', 'quiz_first_score', 'quiz_best_score', 'quiz_attempts', 'challenge_steps_done', 'points'];
    const aceRow = rows.find((r) => r[col('name')] === 'The "Ace"')!;
    // One question of five answered: the first attempt is still open, so it has no first score yet.
    expect(pick(aceRow, counts)).toEqual(['student', 'started', '1', '0', '1', '1', '1', '21']);
    expect(aceRow[col('member_id')]).toBe(String(ace.memberId));
    expect(Number.isNaN(Date.parse(aceRow[col('last_activity')]!))).toBe(false);
    const teacherRow = rows.find((r) => r[col('name')] === 'Teacher')!;
    expect(pick(teacherRow, [...counts, 'last_activity'])).toEqual(['instructor', 'not_started', '0', '0', '0', '0', '0', '0', '']);
  });
});
