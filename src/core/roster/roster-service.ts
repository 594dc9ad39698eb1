// Who is calling: the classroom and member behind every call, created on first use, with the role
// and language the core settles on. Platforms only report; the rules live here.
import type { CallerRef, ClassroomRef, ResolvedCaller, Role } from '../context.ts';
import { cleanUserText, MAX_NAME_LENGTH, userText } from '../display-text.ts';
import { userError } from '../errors.ts';
import type { ClassroomRecord, MemberRecord, MemberRef, RosterRepository } from '../ports.ts';
import type { Language } from '../reply.ts';
import { requireInstructor } from './roles.ts';

export class RosterService {
  constructor(private readonly repo: RosterRepository) {}

  async resolve(classroomRef: ClassroomRef, caller: CallerRef): Promise<ResolvedCaller> {
    const classroom = await this.repo.ensureClassroom(classroomRef);
    const displayName = cleanName(caller.displayName, caller.platformUserId);
    let member = await this.repo.ensureMember(classroom.id, caller.platformUserId, displayName);
    const role = effectiveRole(caller.platformRole, member.grantedRole);
    if (member.role !== role || member.displayName !== displayName) {
      member = await this.repo.updateMember(member.id, { role, displayName });
    }
    return {
      memberId: member.id,
      classroomId: classroom.id,
      role: member.role,
      language: languageOf(member, caller.locale, classroom),
      displayName: member.displayName,
    };
  }

  /** The classroom a member belongs to (to message them, or to follow its default language). */
  async classroomOf(classroomId: number): Promise<ClassroomRecord> {
    const classroom = await this.repo.findClassroom(classroomId);
    if (!classroom) throw new Error(`classroom ${classroomId} vanished`);
    return classroom;
  }

  /** A member by id, as stored now (the dashboard re-reads the role on every request). */
  async memberById(memberId: number): Promise<MemberRecord | null> {
    return this.repo.findMember(memberId);
  }

  async setLanguage(caller: MemberRef, language: Language | null): Promise<void> {
    await this.repo.updateMember(caller.memberId, { language });
  }

  /**
   * Finds a member of the caller's classroom by platform user id, or by display name when it is
   * unambiguous (the console and Slack's plain-text mentions name people, not ids).
   */
  async findMember(classroomId: number, who: string): Promise<MemberRecord> {
    const key = who.trim().replace(/^@/, '');
    const byId = await this.repo.findByPlatformId(classroomId, key);
    if (byId) return byId;
    const byName = await this.repo.findByDisplayName(classroomId, key);
    if (byName.length === 1 && byName[0]) return byName[0];
    const shown = userText(key, { maxLength: 40 });
    if (byName.length > 1) {
      throw userError(
        'member-ambiguous',
        `"${shown}" 이름을 가진 멤버가 여러 명입니다. 멘션으로 지정해 주세요.`,
        `More than one member is called "${shown}". Please mention them instead.`,
      );
    }
    throw userError(
      'member-unknown',
      `"${shown}" 님은 아직 이 교실을 사용한 적이 없습니다.`,
      `"${shown}" hasn't used this classroom yet.`,
    );
  }

  /**
   * Grants or revokes the bot-side instructor role. A member the platform itself calls an instructor
   * stays one on their next call; `platformSaysInstructor` in the result tells the caller why.
   */
  async setInstructor(
    caller: MemberRef,
    who: string,
    grant: boolean,
  ): Promise<{ member: MemberRecord; changed: boolean }> {
    await requireInstructor(this.repo, caller);
    const target = await this.findMember(caller.classroomId, who);
    const grantedRole: Role | null = grant ? 'instructor' : null;
    if (target.grantedRole === grantedRole) return { member: target, changed: false };
    // Revoking takes effect now; if the platform still says instructor, the next call restores it.
    const role: Role = grant ? 'instructor' : 'student';
    const member = await this.repo.updateMember(target.id, { grantedRole, role });
    return { member, changed: true };
  }
}

export function effectiveRole(platformRole: Role, grantedRole: Role | null): Role {
  return platformRole === 'instructor' || grantedRole === 'instructor' ? 'instructor' : 'student';
}

export function languageOf(
  member: Pick<MemberRecord, 'language'>,
  locale: string | undefined,
  classroom: Pick<ClassroomRecord, 'defaultLanguage'>,
): Language {
  if (member.language) return member.language;
  const platform = locale?.toLowerCase().slice(0, 2);
  if (platform === 'ko' || platform === 'en') return platform;
  return classroom.defaultLanguage;
}

/**
 * Display names come from platforms; stored cleaned (no control, bidi or invisible characters,
 * at most what a leaderboard line can show), so every list and the CSV start from a safe name.
 */
function cleanName(name: string, fallback: string): string {
  return cleanUserText(name, { maxLength: MAX_NAME_LENGTH }) || cleanUserText(fallback, { maxLength: MAX_NAME_LENGTH });
}
