// Instructor-only work is decided here, from the member's recorded role, whatever a platform
// adapter or a command passed in: a forged or stale "instructor" flag never reaches the data.
import { userError } from '../errors.ts';
import type { MemberRecord, MemberRef, RosterRepository } from '../ports.ts';

export async function requireInstructor(roster: RosterRepository, caller: MemberRef): Promise<MemberRecord> {
  const member = await roster.findMember(caller.memberId);
  if (!member || member.classroomId !== caller.classroomId || member.role !== 'instructor') {
    throw userError('instructor-only', '강사만 할 수 있는 일이에요.', 'Only instructors can do that.');
  }
  return member;
}
