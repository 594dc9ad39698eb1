// A roster import in one transaction: every entry lands or none does. Imports into one classroom,
// and the creation of a new member by their first call, take turns on one advisory lock per
// classroom: two uploads at once can't both add a student, and a first call racing an upload
// either takes over the placeholder the upload made or is found by it, never duplicated.
import { ROSTER_PLACEHOLDER_PREFIX, RosterConflictError, type RosterEntry, type RosterImportResult } from '../../core/ports.ts';
import type { Member, PrismaClient } from '../../generated/prisma/client.ts';
import { toMember } from './member-row.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** First key of pg_advisory_xact_lock(int, int): "roster" imports; the second is the classroom. */
const ROSTER_LOCK = 0x524f53;

async function lockRoster(tx: Tx, classroomId: number): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${ROSTER_LOCK}::int, ${classroomId}::int)::text`;
}

/**
 * A member's first call: takes over the one roster placeholder of that name, if there is exactly
 * one, else creates the member. A parallel first call of the same member makes this fail with a
 * unique violation, which findOrCreate turns into reading that call's row.
 */
export function createMember(prisma: PrismaClient, classroomId: number, platformUserId: string, displayName: string): Promise<Member> {
  return prisma.$transaction(async (tx) => {
    await lockRoster(tx, classroomId);
    const placeholders = await tx.member.findMany({
      where: {
        classroomId,
        erasedAt: null,
        platformUserId: { startsWith: ROSTER_PLACEHOLDER_PREFIX },
        displayName: { equals: displayName, mode: 'insensitive' },
      },
      take: 2,
    });
    if (placeholders.length === 1) return tx.member.update({ where: { id: placeholders[0]!.id }, data: { platformUserId } });
    return tx.member.create({ data: { classroomId, platformUserId, displayName } });
  });
}

export function importRoster(prisma: PrismaClient, classroomId: number, entries: RosterEntry[]): Promise<RosterImportResult> {
  return prisma.$transaction(
    async (tx) => {
      await lockRoster(tx, classroomId);
      const members = await tx.member.findMany({ where: { classroomId }, orderBy: { id: 'asc' } });
      const result: RosterImportResult = { added: [], updated: [], unchanged: 0 };
      for (const [index, entry] of entries.entries()) {
        const known = match(members, entry);
        if (entry.studentId) {
          const holder = members.find((m) => m.studentId === entry.studentId);
          if (holder && holder.id !== known?.id) throw new RosterConflictError(index, entry.studentId);
        }
        if (known) {
          const claim = entry.platformUserId && known.platformUserId.startsWith(ROSTER_PLACEHOLDER_PREFIX) ? { platformUserId: entry.platformUserId } : {};
          const patch = {
            ...claim,
            ...(entry.studentId && entry.studentId !== known.studentId ? { studentId: entry.studentId } : {}),
            ...(entry.email && entry.email !== known.email ? { email: entry.email } : {}),
            // A placeholder's name is the roster's; a platform member's name follows their own calls.
            ...(known.platformUserId.startsWith(ROSTER_PLACEHOLDER_PREFIX) && entry.displayName !== known.displayName
              ? { displayName: entry.displayName }
              : {}),
          };
          if (Object.keys(patch).length === 0) {
            result.unchanged += 1;
            continue;
          }
          const row = await tx.member.update({ where: { id: known.id }, data: patch });
          members[members.indexOf(known)] = row;
          result.updated.push(toMember(row));
          continue;
        }
        const row = await insert(tx, classroomId, entry);
        members.push(row);
        result.added.push(toMember(row));
      }
      return result;
    },
    // A class of a few hundred rows, on a busy machine: more than Prisma's default 5 s.
    { timeout: 60_000, maxWait: 10_000 },
  );
}

function match(members: Member[], entry: RosterEntry): Member | undefined {
  const live = members.filter((m) => m.erasedAt === null);
  if (entry.platformUserId) {
    const byPlatform = live.find((m) => m.platformUserId === entry.platformUserId);
    if (byPlatform) return byPlatform;
  }
  if (entry.studentId) {
    const byStudentId = live.find((m) => m.studentId === entry.studentId);
    if (byStudentId) return byStudentId;
  }
  if (entry.email) {
    const email = entry.email.toLowerCase();
    const byEmail = live.find((m) => m.email?.toLowerCase() === email);
    if (byEmail) return byEmail;
  }
  const name = entry.displayName.toLocaleLowerCase();
  const sameName = live.filter((m) => m.displayName.toLocaleLowerCase() === name);
  // A platform member takes over the one uploaded placeholder of their name, as their first call would.
  // A CSV row matches the one member of that name who has no other student id yet.
  const byName = entry.platformUserId
    ? sameName.filter((m) => m.platformUserId.startsWith(ROSTER_PLACEHOLDER_PREFIX))
    : sameName.filter((m) => !m.studentId || m.studentId === entry.studentId);
  return byName.length === 1 ? byName[0] : undefined;
}

async function insert(tx: Tx, classroomId: number, entry: RosterEntry): Promise<Member> {
  const platformUserId = entry.platformUserId ?? `${ROSTER_PLACEHOLDER_PREFIX}${entry.studentId ?? entry.email ?? entry.displayName.toLocaleLowerCase()}`;
  const data = {
    classroomId,
    platformUserId,
    displayName: entry.displayName,
    studentId: entry.studentId ?? null,
    email: entry.email ?? null,
    ...(entry.role ? { role: entry.role } : {}),
  };
  // ON CONFLICT DO NOTHING: a plain insert that lost a race with the member's own first call would
  // abort the whole transaction; this one finds the row that call made instead.
  await tx.member.createMany({ data: [data], skipDuplicates: true });
  const row = await tx.member.findUniqueOrThrow({ where: { classroomId_platformUserId: { classroomId, platformUserId } } });
  if (row.studentId === data.studentId && row.email === data.email) return row;
  return tx.member.update({ where: { id: row.id }, data: { studentId: data.studentId ?? row.studentId, email: data.email ?? row.email } });
}
