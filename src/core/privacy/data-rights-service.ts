// Students' data rights (FERPA/GDPR): a member sees everything stored about them and may have it
// erased; an instructor may do either for a member who asks. Whether the caller may act on another
// member is decided here from the recorded role, whatever the command layer checked first.
import { userError } from '../errors.ts';
import type { ClassroomStore, ErasureCounts, MemberRecord, MemberRef, PersonalData } from '../ports.ts';
import { requireInstructor } from '../roster/roles.ts';
import type { RosterService } from '../roster/roster-service.ts';

/** What an erased member's row is called from then on (stored, so it reads the same in both languages). */
export const ERASED_NAME = '삭제된 멤버 (deleted member)';

export type ErasureResult = { erased: true; member: MemberRecord; counts: ErasureCounts } | { erased: false };

export class DataRightsService {
  constructor(
    private readonly store: ClassroomStore,
    private readonly roster: RosterService,
  ) {}

  /** The member an instructor names (platform id or unambiguous name): instructors only. */
  async memberFor(caller: MemberRef, who: string): Promise<MemberRecord> {
    await requireInstructor(this.store.roster, caller);
    return this.roster.findMember(caller.classroomId, who);
  }

  /** Everything stored about the member: the caller's own, or any member's for an instructor. */
  async collect(caller: MemberRef, memberId: number): Promise<PersonalData> {
    await this.mayActOn(caller, memberId);
    const records = await this.store.personalData.collect(memberId);
    if (!records) throw gone();
    const ids = [memberId];
    const [lessonProgress, quizAttempts, reviewItems, challengeAnswers, points] = await Promise.all([
      this.store.lessons.listForMembers(ids),
      this.store.quiz.listAttempts(ids),
      this.store.review.listForMembers(ids),
      this.store.challenge.listForMembers(ids),
      this.store.points.listForMembers(ids),
    ]);
    return { ...records, lessonProgress, quizAttempts, reviewItems, challengeAnswers, points };
  }

  /** Erases the member's personal data once; a repeated call (a double click) changes nothing. */
  async erase(caller: MemberRef, memberId: number): Promise<ErasureResult> {
    const target = await this.store.roster.findMember(memberId);
    // A stale button from another classroom, or a member id that never existed.
    if (!target || target.classroomId !== caller.classroomId) throw gone();
    if (target.erased) return { erased: false };
    await this.mayActOn(caller, memberId);
    const result = await this.store.personalData.erase(memberId, ERASED_NAME);
    if (!result.erased) return result;
    return { erased: true, member: target, counts: result.counts };
  }

  /** The leaderboard choice: shown by name only when the member opted in. */
  async showNameOnLeaderboard(caller: MemberRef, show: boolean): Promise<void> {
    await this.store.roster.updateMember(caller.memberId, { showNameOnLeaderboard: show });
  }

  private async mayActOn(caller: MemberRef, memberId: number): Promise<void> {
    if (memberId === caller.memberId) return;
    await requireInstructor(this.store.roster, caller);
    const target = await this.store.roster.findMember(memberId);
    if (!target || target.classroomId !== caller.classroomId) throw gone();
  }
}

function gone(): Error {
  return userError('member-unknown', '그 멤버를 이 교실에서 찾을 수 없어요.', "That member isn't in this classroom.");
}
