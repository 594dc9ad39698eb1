// Progress, leaderboard and the class report: read-only views over the ledger and the answers.
// The class-wide views (leaderboard, another member's progress, the report) are for instructors,
// checked here against the member's recorded role; a student sees their own rank in their progress.
import type { LessonCatalog } from '../lessons/content.ts';
import type { ClassroomStore, MemberRecord, MemberRef } from '../ports.ts';
import { requireInstructor } from '../roster/roles.ts';
import type { RosterService } from '../roster/roster-service.ts';
import { cleanUserText } from '../display-text.ts';
import { memberNumbers } from '../privacy/pseudonym.ts';
import { attemptQuestions, memberQuizStats } from '../quiz/attempt-stats.ts';
import { inStartOrder, stepsSolvedFirstTry } from '../quiz/first-attempt.ts';
import { toCsv } from './csv.ts';
import type { LessonSummary, MemberProgress } from './member-progress.ts';
import { canvasGradebookCsv, type QuizGrade } from './gradebook.ts';

export type { LessonSummary, MemberProgress };

export interface Standing {
  rank: number;
  member: MemberRecord;
  /** The member's stable number in the class: the public leaderboard's "Student N" (see privacy/pseudonym). */
  number: number;
  points: number;
  reachedAt: Date | null;
}

export interface Leaderboard {
  top: Standing[];
  ranked: number;
}

/** A student's place on the class leaderboard; null for instructors and before any points. */
export interface OwnRank {
  rank: number;
  of: number;
  /** How the public leaderboard shows the member: null by name, else their "Student N" number. */
  shownAs: number | null;
}

/** `member_id` is the member's row id: stable for life (rows are never deleted, an erasure keeps a placeholder). */
export const REPORT_HEADER = [
  'member_id',
  'student_id',
  'name',
  'email',
  'role',
  'status',
  'sections_seen',
  'quiz_first_score',
  'quiz_best_score',
  'quiz_attempts',
  'challenge_steps_done',
  'challenge_first_try',
  'challenge_answers',
  'points',
  'last_activity',
];

export class ProgressService {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
    private readonly roster: RosterService,
  ) {}

  async mine(caller: MemberRef): Promise<MemberProgress & { rank: OwnRank | null }> {
    const member = await this.store.roster.findMember(caller.memberId);
    if (!member) throw new Error(`member ${caller.memberId} vanished`);
    const [progress] = await this.summarize([member]);
    const standings = member.role === 'student' ? await this.standings(caller.classroomId) : [];
    const own = standings.find((s) => s.member.id === member.id);
    const rank = own ? { rank: own.rank, of: standings.length, shownAs: member.showNameOnLeaderboard ? null : own.number } : null;
    return { ...(progress as MemberProgress), rank };
  }

  /** Another member's progress: instructors only. `who` is a platform user id or a display name. */
  async of(caller: MemberRef, who: string): Promise<MemberProgress> {
    await requireInstructor(this.store.roster, caller);
    const member = await this.roster.findMember(caller.classroomId, who);
    const [progress] = await this.summarize([member]);
    return progress as MemberProgress;
  }

  /** Every member's progress (erased placeholders left out), for instructors: the dashboard's class page. */
  async classOverview(caller: MemberRef): Promise<MemberProgress[]> {
    await requireInstructor(this.store.roster, caller);
    const members = (await this.store.roster.listMembers(caller.classroomId)).filter((m) => !m.erased);
    return (await this.summarize(members)).sort((a, b) => a.member.displayName.localeCompare(b.member.displayName) || a.member.id - b.member.id);
  }

  /** Students by points, for instructors; ties go to whoever reached their total first. */
  async leaderboard(caller: MemberRef, limit = 10): Promise<Leaderboard> {
    await requireInstructor(this.store.roster, caller);
    const standings = await this.standings(caller.classroomId);
    return { top: standings.slice(0, limit), ranked: standings.length };
  }

  private async standings(classroomId: number): Promise<Standing[]> {
    const members = await this.store.roster.listMembers(classroomId);
    const numbers = memberNumbers(members);
    return rank(await this.summarize(members.filter((m) => m.role === 'student'))).map((s) => ({ ...s, number: numbers.get(s.member.id) ?? 0 }));
  }

  /** One CSV row per member of the class: instructors only. */
  async reportCsv(caller: MemberRef): Promise<string> {
    await requireInstructor(this.store.roster, caller);
    const members = await this.store.roster.listMembers(caller.classroomId);
    const rows = (await this.summarize(members))
      .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName) || a.member.id - b.member.id)
      .map((p) => [
        p.member.id,
        p.member.studentId ?? '',
        cleanUserText(p.member.displayName),
        p.member.email ?? '',
        p.member.role,
        p.started ? 'started' : 'not_started',
        sum(p.lessons, (l) => l.sectionsSeen),
        sum(p.lessons, (l) => l.quizFirst?.score ?? 0),
        sum(p.lessons, (l) => l.quizBest ?? 0),
        sum(p.lessons, (l) => l.quizAttempts),
        sum(p.lessons, (l) => l.challengeSolved),
        sum(p.lessons, (l) => l.challengeFirstTry),
        sum(p.lessons, (l) => l.challengeAnswers),
        p.points,
        p.lastActivity?.toISOString() ?? '',
      ]);
    return toCsv(REPORT_HEADER, rows);
  }

  /** The Canvas gradebook import file (see gradebook.ts), for instructors. */
  async gradebookCsv(caller: MemberRef, quiz: QuizGrade = 'first'): Promise<string> {
    return canvasGradebookCsv(await this.classProgress(caller), this.catalog.list(), quiz);
  }

  /** Every member's progress, for instructors (the class at a glance, the gradebook). */
  async classProgress(caller: MemberRef): Promise<MemberProgress[]> {
    await requireInstructor(this.store.roster, caller);
    return this.summarize(await this.store.roster.listMembers(caller.classroomId));
  }

  private async summarize(members: MemberRecord[]): Promise<MemberProgress[]> {
    const ids = members.map((m) => m.id);
    if (ids.length === 0) return [];
    const [progress, attempts, answers, points] = await Promise.all([
      this.store.lessons.listForMembers(ids),
      this.store.quiz.listAttempts(ids),
      this.store.challenge.listForMembers(ids),
      this.store.points.listForMembers(ids),
    ]);
    const lessons = this.catalog.list();
    return members.map((member) => {
      const mine = <T extends { memberId: number }>(rows: T[]) => rows.filter((r) => r.memberId === member.id);
      const myProgress = mine(progress);
      const myAttempts = mine(attempts);
      const myAnswers = mine(answers);
      const myPoints = mine(points);
      const summaries = lessons.map((lesson): LessonSummary => {
        const seen = myProgress.find((p) => p.lessonId === lesson.id);
        const tries = inStartOrder(myAttempts.filter((a) => a.lessonId === lesson.id));
        const best = tries.reduce<(typeof tries)[number] | undefined>((top, a) => (!top || a.score > top.score ? a : top), undefined);
        const lessonAnswers = myAnswers.filter((a) => a.lessonId === lesson.id);
        const solved = new Set(lessonAnswers.filter((a) => a.correct).map((a) => a.step));
        return {
          lesson,
          sectionsSeen: seen?.sectionsSeen.length ?? 0,
          sections: lesson.sections.length,
          completed: Boolean(seen?.completedAt),
          quizBest: best ? best.score : null,
          quizQuestions: best ? attemptQuestions(lesson, best).length : (lesson.quizDraw ?? lesson.quiz.length),
          quizAttempts: tries.length,
          quizFirst: memberQuizStats(lesson, member.id, tries).first,
          challengeSolved: solved.size,
          challengeFirstTry: stepsSolvedFirstTry(lessonAnswers).size,
          challengeAnswers: lessonAnswers.length,
          challengeSteps: lesson.challenge.steps.length,
        };
      });
      const activity = [
        ...myProgress.map((p) => p.updatedAt),
        ...myAttempts.flatMap((a) => [a.startedAt, ...a.answers.map((x) => x.answeredAt)]),
        ...myAnswers.map((a) => a.answeredAt),
        ...myPoints.map((p) => p.awardedAt),
      ];
      return {
        member,
        lessons: summaries,
        points: sum(myPoints, (p) => p.points),
        reachedAt: latest(myPoints.map((p) => p.awardedAt)),
        lastActivity: latest(activity),
        started: myProgress.length > 0 || myAttempts.length > 0 || myAnswers.length > 0,
      };
    });
  }
}

function rank(progress: MemberProgress[]): Omit<Standing, 'number'>[] {
  return progress
    .filter((p) => p.points > 0)
    .sort((a, b) => b.points - a.points || (a.reachedAt?.getTime() ?? 0) - (b.reachedAt?.getTime() ?? 0) || a.member.id - b.member.id)
    .map((p, i) => ({ rank: i + 1, member: p.member, points: p.points, reachedAt: p.reachedAt }));
}

function sum<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}

function latest(dates: Date[]): Date | null {
  const times = dates.map((d) => d.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}
