import type { ClassroomRef } from '../../core/context.ts';
import type { ClassroomRecord, MemberRecord, RosterEntry, RosterImportResult, RosterRepository } from '../../core/ports.ts';
import type { Classroom, PrismaClient } from '../../generated/prisma/client.ts';
import { createMember, importRoster } from './roster-import.ts';
import { findOrCreate } from './unique.ts';
import { toMember } from './member-row.ts';

export { toMember };

export class PrismaRosterRepository implements RosterRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async ensureClassroom(ref: ClassroomRef): Promise<ClassroomRecord> {
    const key = { platform: ref.platform, externalId: ref.externalId };
    const row = await findOrCreate(
      () => this.prisma.classroom.findUnique({ where: { platform_externalId: key } }),
      () => this.prisma.classroom.create({ data: { ...key, name: ref.name ?? null } }),
    );
    return toClassroom(row);
  }

  async ensureMember(classroomId: number, platformUserId: string, displayName: string): Promise<MemberRecord> {
    const key = { classroomId, platformUserId };
    const row = await findOrCreate(
      () => this.prisma.member.findUnique({ where: { classroomId_platformUserId: key } }),
      () => createMember(this.prisma, classroomId, platformUserId, displayName),
    );
    return toMember(row);
  }

  importMembers(classroomId: number, entries: RosterEntry[]): Promise<RosterImportResult> {
    return importRoster(this.prisma, classroomId, entries);
  }

  async updateMember(
    memberId: number,
    patch: Partial<Pick<MemberRecord, 'displayName' | 'role' | 'grantedRole' | 'language' | 'showNameOnLeaderboard'>>,
  ): Promise<MemberRecord> {
    return toMember(await this.prisma.member.update({ where: { id: memberId }, data: patch }));
  }

  async findClassroom(classroomId: number): Promise<ClassroomRecord | null> {
    const row = await this.prisma.classroom.findUnique({ where: { id: classroomId } });
    return row && toClassroom(row);
  }

  async findMember(memberId: number): Promise<MemberRecord | null> {
    const row = await this.prisma.member.findUnique({ where: { id: memberId } });
    return row && toMember(row);
  }

  async findByPlatformId(classroomId: number, platformUserId: string): Promise<MemberRecord | null> {
    const row = await this.prisma.member.findUnique({ where: { classroomId_platformUserId: { classroomId, platformUserId } } });
    return row && toMember(row);
  }

  async findByDisplayName(classroomId: number, displayName: string): Promise<MemberRecord[]> {
    const rows = await this.prisma.member.findMany({
      // An erased member's placeholder name is nobody's name.
      where: { classroomId, erasedAt: null, displayName: { equals: displayName, mode: 'insensitive' } },
      orderBy: { id: 'asc' },
      take: 5,
    });
    return rows.map(toMember);
  }

  async listMembers(classroomId: number): Promise<MemberRecord[]> {
    return (await this.prisma.member.findMany({ where: { classroomId }, orderBy: { id: 'asc' } })).map(toMember);
  }
}

function toClassroom(row: Classroom): ClassroomRecord {
  return { id: row.id, platform: row.platform, externalId: row.externalId, name: row.name, defaultLanguage: row.defaultLanguage };
}
