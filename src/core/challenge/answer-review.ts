// The teacher's word on challenge answers: an instructor reads every answer a member typed, with
// the grader's verdict, and may accept or reject one with a note the student sees. The override
// changes the verdict that counts, so solved steps, points, the leaderboard and the report follow
// it; the grader's own verdict and every change (who, when, before, after) are kept.
import { cleanUserText } from '../display-text.ts';
import { userError } from '../errors.ts';
import type { ChallengeAnswerRecord, ChallengeOverrideRecord, ClassroomStore, MemberRecord, MemberRef } from '../ports.ts';
import { challengeStepAward, sumPoints } from '../progress/points.ts';
import { requireInstructor } from '../roster/roles.ts';
import type { RosterService } from '../roster/roster-service.ts';

/** Enough for a sentence or two of feedback; longer is cut with "…". */
export const MAX_OVERRIDE_NOTE = 500;

export interface ReviewedAnswer extends ChallengeAnswerRecord {
  /** Every override of this answer, oldest first. */
  history: ChallengeOverrideRecord[];
}

export interface MemberAnswers {
  member: MemberRecord;
  answers: ReviewedAnswer[];
}

export interface OverrideOutcome {
  /** false when the answer already had this verdict and note: nothing was recorded. */
  changed: boolean;
  student: MemberRecord;
  answer: ChallengeAnswerRecord;
  /** The grader's or the last override's verdict before this one. */
  before: boolean;
  pointsDelta: number;
  /** The student's points after the override. */
  points: number;
}

export class AnswerReviewService {
  constructor(
    private readonly store: ClassroomStore,
    private readonly roster: RosterService,
  ) {}

  /** A member's answers, by platform id or display name (chat): instructors only. */
  async answersOf(caller: MemberRef, who: string): Promise<MemberAnswers> {
    await requireInstructor(this.store.roster, caller);
    return this.collect(await this.roster.findMember(caller.classroomId, who));
  }

  /** A member's answers by member id (the dashboard's links): instructors only. */
  async answersOfMember(caller: MemberRef, memberId: number): Promise<MemberAnswers> {
    await requireInstructor(this.store.roster, caller);
    const member = await this.store.roster.findMember(memberId);
    if (!member || member.classroomId !== caller.classroomId) throw memberGone();
    return this.collect(member);
  }

  async override(caller: MemberRef, answerId: number, correct: boolean, rawNote: string | undefined): Promise<OverrideOutcome> {
    const instructor = await requireInstructor(this.store.roster, caller);
    const found = Number.isSafeInteger(answerId) ? await this.store.challenge.find(answerId) : null;
    // Another classroom's answer is treated as missing: its existence is none of this caller's business.
    const student = found ? await this.store.roster.findMember(found.memberId) : null;
    if (!found || !student || student.classroomId !== caller.classroomId) throw answerGone();
    const note = rawNote === undefined ? null : cleanUserText(rawNote, { multiline: true, maxLength: MAX_OVERRIDE_NOTE }) || null;
    const award = challengeStepAward(found.lessonId, found.step);
    const result = await this.store.challenge.override({ answerId, correct, note, byMemberId: instructor.id, byName: instructor.displayName, award });
    if (result.outcome === 'gone') throw answerGone();
    let pointsDelta = result.outcome === 'changed' ? result.pointsDelta : 0;
    if (result.outcome === 'changed' && pointsDelta < 0) {
      // A right answer the student sent while this ran may have seen the award still there and not
      // paid again; checked after the commit, so one of the two always pays.
      const solved = await this.store.challenge.solvedSteps(student.id, found.lessonId);
      if (solved.includes(found.step)) pointsDelta += sumPoints(await this.store.points.award(student.id, [award]));
    }
    const points = sumPoints(await this.store.points.listForMembers([student.id]));
    return {
      changed: result.outcome === 'changed',
      student,
      answer: result.answer,
      before: result.outcome === 'changed' ? result.override.beforeCorrect : result.answer.correct,
      pointsDelta,
      points,
    };
  }

  private async collect(member: MemberRecord): Promise<MemberAnswers> {
    const answers = await this.store.challenge.listForMembers([member.id]);
    const history = await this.store.challenge.overridesOf(answers.map((a) => a.id));
    return {
      member,
      answers: answers.map((answer) => ({ ...answer, history: history.filter((h) => h.answerId === answer.id) })),
    };
  }
}

function answerGone() {
  return userError(
    'answer-gone',
    '그 답은 더 이상 없어요 (멤버가 자기 데이터를 지웠을 수 있어요). 답 목록을 다시 열어 주세요.',
    'That answer no longer exists (the member may have erased their data). Please open the list of answers again.',
  );
}

function memberGone() {
  return userError('member-gone', '그 멤버는 이 교실에 없어요.', "That member isn't in this classroom.");
}
