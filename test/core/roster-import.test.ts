// Roster files as spreadsheets write them (encodings, delimiters, quoting, Korean headers), the
// errors that name the line, and imports on real Postgres: nothing half-imported, placeholders
// that the student's first call takes over, and imports racing each other and first calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutMarks } from '../../src/core/display-text.ts';
import type { MemberRef } from '../../src/core/ports.ts';
import { readRosterFile } from '../../src/core/roster/roster-csv.ts';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
beforeAll(async () => {
  f = await createCoreFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const bytes = endian === 'le' ? le : Buffer.from(le).swap16();
  const mark = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return new Uint8Array([...(bom ? mark : []), ...bytes]);
}

/** The problems a file is refused with, in English, one per line. */
function refusal(bytes: Uint8Array): string {
  try {
    readRosterFile(bytes);
  } catch (error) {
    return (error as { text: { en: string } }).text.en;
  }
  throw new Error('the file was accepted');
}

describe('reading roster files', () => {
  const expected = [
    { line: 2, displayName: '김민지', studentId: '2024001', email: 'minji@school.kr' },
    { line: 3, displayName: 'Lee, Jun', studentId: '2024002', email: 'jun@school.kr' },
  ];

  it('reads UTF-8 with a BOM, UTF-16 with and without one, and CP949/EUC-KR Korean', () => {
    const text = 'name,student id,email\r\n김민지,2024001,minji@school.kr\r\n"Lee, Jun",2024002,JUN@school.kr\r\n';
    expect(readRosterFile(utf8(`\uFEFF${text}`))).toMatchObject({ entries: expected, encoding: 'utf-8' });
    expect(readRosterFile(utf16(text.replace(/,/g, '\t').replace('"Lee\t Jun"', '"Lee, Jun"'), 'le', true))).toMatchObject({
      entries: expected,
      encoding: 'utf-16le',
    });
    expect(readRosterFile(utf16(text, 'be', true))).toMatchObject({ entries: expected, encoding: 'utf-16be' });
    expect(readRosterFile(utf16(text, 'le', false))).toMatchObject({ entries: expected, encoding: 'utf-16le' });
    // "이름,학번\r\n김민지,2024001\r\n" as Korean Excel saves it (CP949, here within EUC-KR).
    const cp949 = Buffer.from('c0ccb8a72cc7d0b9f80d0ab1e8b9cec1f62c323032343030310d0a', 'hex');
    expect(readRosterFile(cp949)).toMatchObject({ entries: [{ line: 2, displayName: '김민지', studentId: '2024001' }], encoding: 'euc-kr' });
  });

  it('reads semicolons, sep= lines, Excel quoting and Korean headers in any order', () => {
    const semicolons = readRosterFile(utf8('sep=;\n이메일;학번;성;이름;메모\nminji@school.kr;2024001;김;민지;"note; with ""quotes"""\n'));
    expect(semicolons.entries).toEqual([{ line: 3, displayName: '김민지', studentId: '2024001', email: 'minji@school.kr' }]);
    expect(semicolons.ignoredColumns).toEqual(['메모']);
    const split = readRosterFile(utf8('First Name,Last Name,Discord ID\nJun,Lee,<@123456789012345678>\n"Mi\nna",Park,\n\n'));
    expect(split.entries[0]).toEqual({ line: 2, displayName: 'Jun Lee', platformUserId: '123456789012345678' });
    // A line break inside quotes stays in one record (its line is where it starts); names lose it.
    expect(split.entries[1]).toMatchObject({ line: 3, displayName: expect.stringMatching(/^Mi ?na Park$/) });
    expect(split.entries).toHaveLength(2);
  });

  it('refuses a bad file naming every bad line, and a file without a name column naming the columns', () => {
    const bad = refusal(utf8('name,id,email\nAna,1,ana@x.io\n,2,\nBen,1,ben@x.io\nCho,3,not-an-email\nDee,2.02E+09,\nEve,4,eve@x.io,extra\n'));
    expect(bad).toContain('Nothing was imported');
    expect(bad).toContain('line 3: the name is empty.');
    expect(bad).toContain('line 4: same id as line 2.');
    expect(bad).toContain('line 5: "not-an-email" is not an email address.');
    expect(bad).toMatch(/line 6: the id "2\.02E\+09" looks like Excel/);
    expect(bad).toMatch(/line 7: 4 values but 3 columns/);
    expect(refusal(utf8('name,id\n"Fay,5\n'))).toContain('line 2: a quote (") opened on line 2 is never closed.');
    expect(refusal(utf8('student,student name\nA,B\n'))).toContain('two columns mean the same');
    expect(refusal(utf8('nom,courriel\nAna,a@x.io\n'))).toMatch(/no name column.*"nom", "courriel"/);
    expect(refusal(new Uint8Array())).toContain('The file is empty.');
    // 똠 is CP949-only: refused by line rather than imported as garbage.
    expect(refusal(Buffer.from('c0ccb8a70d0a8c63b9e60d0a', 'hex'))).toMatch(/line 2: .*outside EUC-KR/);
    expect(refusal(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0x41, 0x0a]))).toMatch(/line 2: I can read this line neither/);
    expect(refusal(utf8('name\nAna\nana\n'))).toContain('line 3: same name (with no id or email) as line 2.');
  });
});

describe('importing rosters', () => {
  let teacher: MemberRef;
  beforeAll(async () => {
    teacher = await f.join('Teacher', { classroom: 'roster', role: 'instructor' });
  });
  const members = () => f.prisma.member.findMany({ where: { classroomId: teacher.classroomId }, orderBy: { id: 'asc' } });

  it('adds students who never used the bot, fills in ids of those who did, and changes nothing twice', async () => {
    const ana = await f.join('Ana', { classroom: 'roster' });
    const file = utf8('name,id,email\nAna,S1,ana@school.kr\nBen,S2,\n김민지,S3,minji@school.kr\n');
    const first = await f.services.rosterImports.importFile(teacher, file);
    expect(first.added.map((m) => m.displayName)).toEqual(['Ben', '김민지']);
    expect(first.updated.map((m) => [m.id, m.studentId, m.email])).toEqual([[ana.memberId, 'S1', 'ana@school.kr']]);
    const again = await f.services.rosterImports.importFile(teacher, file);
    expect([again.added.length, again.updated.length, again.unchanged]).toEqual([0, 0, 3]);
    expect((await members()).map((m) => m.displayName)).toEqual(['Teacher', 'Ana', 'Ben', '김민지']);
  });

  it('imports nothing when one entry clashes with the class (an id another member holds)', async () => {
    const before = await members();
    // Line 3 is the teacher (by platform id) with Ana's student id.
    const clash = utf8('name,id,email,discord id\nNew Person,S9,,\nSomeone,S1,,teacher\n');
    const error = await f.services.rosterImports.importFile(teacher, clash).then(
      () => ({ text: { en: 'imported' } }),
      (e: unknown) => e as { text: { en: string } },
    );
    expect(withoutMarks(error.text.en)).toContain('line 3: the id S1 already belongs to another member.');
    expect(await members()).toEqual(before);
  });

  it("hands a placeholder to the student's first call, so their row and student id carry on", async () => {
    const placeholder = (await members()).find((m) => m.displayName === 'Ben')!;
    expect(placeholder.platformUserId).toBe('roster:S2');
    const ben = await f.join('Ben', { classroom: 'roster' });
    expect(ben.memberId).toBe(placeholder.id);
    const row = await f.prisma.member.findUniqueOrThrow({ where: { id: ben.memberId } });
    expect([row.platformUserId, row.studentId]).toEqual(['ben', 'S2']);
  });

  it('lets two uploads and first calls race without duplicating anyone', async () => {
    const room = { classroom: 'race' };
    const lead = await f.join('Lead', { ...room, role: 'instructor' });
    const names = Array.from({ length: 12 }, (_, i) => `Racer${i}`);
    const file = utf8(`name,id\n${names.map((n, i) => `${n},R${i}`).join('\n')}\n`);
    const platform = names.slice(0, 6).map((n) => ({ platformUserId: n.toLowerCase(), displayName: n, role: 'student' as const }));
    await Promise.all([
      f.services.rosterImports.importFile(lead, file),
      f.services.rosterImports.importFile(lead, file),
      f.services.rosterImports.importPlatform(lead, platform),
      ...names.slice(6).map((n) => f.join(n, room)),
    ]);
    const rows = await f.prisma.member.findMany({ where: { classroomId: lead.classroomId } });
    const perName = new Map<string, number>();
    for (const r of rows) perName.set(r.displayName, (perName.get(r.displayName) ?? 0) + 1);
    expect([...perName.values()].every((n) => n === 1)).toBe(true);
    expect(perName.size).toBe(13);
    expect(rows.filter((r) => r.studentId).length).toBe(12);
  });

  it('refuses students, whatever role the call claims', async () => {
    const student = await f.join('Ana', { classroom: 'roster' });
    const forged = { ...student, role: 'instructor' as const };
    expect(await userErrorCode(() => f.services.rosterImports.importFile(forged, utf8('name\nX\n')))).toBe('instructor-only');
    expect(await userErrorCode(() => f.services.rosterImports.importPlatform(forged, []))).toBe('instructor-only');
  });
});
