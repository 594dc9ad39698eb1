// Who is calling: the classroom and member behind every call, created on first use, with the role
// and language the core settles on. Platforms only report; the rules live here.
import type { CallerRef, ClassroomRef, PlatformMember, ResolvedCaller, Role } from '../context.ts';
import { cleanUserText, MAX_NAME_LENGTH, userText } from '../display-text.ts';
import { userError } from '../errors.ts';
import {
  RosterConflictError,
  type ClassroomRecord,
  type MemberRecord,
  type MemberRef,
  type RosterEntry,
  type RosterImportResult,
  type RosterRepository,
} from '../ports.ts';
import type { Language } from '../reply.ts';
import { requireInstructor } from './roles.ts';
import type { Encoding } from './csv-text.ts';
import { readRosterFile, RosterCsvProblem, RosterFileError } from './roster-csv.ts';

export interface RosterFileImport extends RosterImportResult {
  encoding: Encoding;
  rows: number;
  /** Header cells that are no known column, set aside. */
  ignoredColumns: string[];
}

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
        `"${shown}" 이름을 가진 멤버가 여러 명이에요. 멘션으로 지정해 주세요.`,
        `More than one member is called "${shown}". Please mention them instead.`,
      );
    }
    throw userError('member-unknown', `"${shown}" 님은 아직 이 교실을 사용한 적이 없어요.`, `"${shown}" hasn't used this classroom yet.`);
  }

  /**
   * Grants or revokes the bot-side instructor role. A member the platform itself calls an instructor
   * stays one on their next call; `platformSaysInstructor` in the result tells the caller why.
   */
  async setInstructor(caller: MemberRef, who: string, grant: boolean): Promise<{ member: MemberRecord; changed: boolean }> {
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

/**
 * Roster imports, for instructors: the platform's member list (/roster sync) or an uploaded CSV
 * (/roster import). Either adds members who never used the bot, so "not started" shows.
 */
export class RosterImports {
  constructor(private readonly repo: RosterRepository) {}

  /** Throws RosterFileError (every bad line named) and imports nothing when any line is wrong. */
  async importFile(caller: MemberRef, bytes: Uint8Array): Promise<RosterFileImport> {
    await requireInstructor(this.repo, caller);
    const file = readRosterFile(bytes);
    try {
      const result = await this.repo.importMembers(
        caller.classroomId,
        file.entries.map(({ line: _line, ...entry }) => entry),
      );
      return { ...result, encoding: file.encoding, rows: file.entries.length, ignoredColumns: file.ignoredColumns };
    } catch (error) {
      if (!(error instanceof RosterConflictError)) throw error;
      const line = file.entries[error.entryIndex]?.line ?? null;
      const id = userText(error.studentId, { maxLength: 40 });
      throw new RosterFileError([
        new RosterCsvProblem(line, `학번 ${id}은(는) 이미 다른 멤버의 학번이에요.`, `the id ${id} already belongs to another member.`),
      ]);
    }
  }

  /** The platform's members (bots already left out by the adapter); names are cleaned like a caller's. */
  async importPlatform(caller: MemberRef, members: PlatformMember[]): Promise<RosterImportResult> {
    await requireInstructor(this.repo, caller);
    const entries: RosterEntry[] = members.map((m) => ({
      platformUserId: m.platformUserId,
      displayName: cleanName(m.displayName, m.platformUserId),
      role: m.role,
    }));
    return this.repo.importMembers(caller.classroomId, entries);
  }
}

export function effectiveRole(platformRole: Role, grantedRole: Role | null): Role {
  return platformRole === 'instructor' || grantedRole === 'instructor' ? 'instructor' : 'student';
}

export function languageOf(member: Pick<MemberRecord, 'language'>, locale: string | undefined, classroom: Pick<ClassroomRecord, 'defaultLanguage'>): Language {
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
