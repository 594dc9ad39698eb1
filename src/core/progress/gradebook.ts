// The gradebook in Canvas's import shape (Grades → Import): Student, ID, SIS User ID, SIS Login ID,
// Section, then one column per graded item, with a "Points Possible" row under the header. A new
// column name makes a new assignment on import. Canvas matches students by its own ID, else by SIS
// User ID or SIS Login ID, else by name: we never know Canvas's ID, so that column stays empty and
// the roster's student id and email fill the SIS columns. A blank score is "no grade yet", not 0.
// Our own member id has no column here (Canvas would import it as an assignment); the class report
// beside this file has member_id and student_id side by side.
import type { Lesson } from '../lessons/content.ts';
import { cleanUserText } from '../display-text.ts';
import { toCsv } from './csv.ts';
import type { MemberProgress } from './member-progress.ts';

export type QuizGrade = 'first' | 'best';

export const CANVAS_IDENTITY_COLUMNS = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'];

export function gradebookColumns(lessons: Lesson[], quiz: QuizGrade): { name: string; points: number }[] {
  return lessons.flatMap((l) => [
    { name: `Lesson ${l.id} quiz (${quiz === 'first' ? 'first attempt' : 'best attempt'})`, points: l.quizDraw ?? l.quiz.length },
    { name: `Lesson ${l.id} challenge`, points: l.challenge.steps.length },
  ]);
}

/** Students only (not instructors, not erased placeholders), by name. */
export function canvasGradebookCsv(progress: MemberProgress[], lessons: Lesson[], quiz: QuizGrade): string {
  const columns = gradebookColumns(lessons, quiz);
  const pointsRow = ['Points Possible', '', '', '', '', ...columns.map((c) => c.points)];
  const rows = progress
    .filter((p) => p.member.role === 'student' && !p.member.erased)
    .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName) || a.member.id - b.member.id)
    .map((p) => [
      cleanUserText(p.member.displayName),
      '',
      p.member.studentId ?? '',
      p.member.email ?? '',
      '',
      ...lessons.flatMap((lesson) => {
        const l = p.lessons.find((x) => x.lesson.id === lesson.id);
        const score = quiz === 'first' ? l?.quizFirst?.score : l?.quizBest;
        return [score ?? null, l && l.challengeAnswers > 0 ? l.challengeSolved : null];
      }),
    ]);
  return toCsv([...CANVAS_IDENTITY_COLUMNS, ...columns.map((c) => c.name)], [pointsRow, ...rows]);
}
