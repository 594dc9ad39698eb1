// A Member row as the core sees it: one mapping, shared by the roster, its imports and /mydata.
import type { MemberRecord } from '../../core/ports.ts';
import type { Member } from '../../generated/prisma/client.ts';

export function toMember(row: Member): MemberRecord {
  return {
    id: row.id,
    classroomId: row.classroomId,
    platformUserId: row.platformUserId,
    displayName: row.displayName,
    role: row.role,
    grantedRole: row.grantedRole,
    language: row.language,
    showNameOnLeaderboard: row.showNameOnLeaderboard,
    erased: row.erasedAt !== null,
    studentId: row.studentId,
    email: row.email,
  };
}
