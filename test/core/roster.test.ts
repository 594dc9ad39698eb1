import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
beforeAll(async () => {
  f = await createCoreFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

describe('roster', () => {
  it('creates the classroom and the member on first use, and finds them again after', async () => {
    const first = await f.join('Mina', { classroom: 'first-use' });
    const again = await f.join('Mina', { classroom: 'first-use' });
    expect(again.memberId).toBe(first.memberId);
    expect(again.classroomId).toBe(first.classroomId);
    expect(await f.prisma.member.count({ where: { classroomId: first.classroomId } })).toBe(1);
  });

  it('survives many first calls at once in a new classroom (unique constraints race)', async () => {
    const names = ['Ana', 'Ana', 'Ben', 'Ben', 'Cho', 'Cho', 'Ana', 'Ben'];
    const resolved = await Promise.all(names.map((name) => f.join(name, { classroom: 'race' })));
    expect(new Set(resolved.map((r) => r.classroomId)).size).toBe(1);
    expect(new Set(resolved.map((r) => r.memberId)).size).toBe(3);
    expect(await f.prisma.classroom.count({ where: { externalId: 'race' } })).toBe(1);
  });

  it('updates the display name and cleans control characters out of it', async () => {
    const before = await f.services.roster.resolve(
      { platform: 'discord', externalId: 'guild-names' },
      { platformUserId: 'u-1', displayName: 'old name', platformRole: 'student' },
    );
    const after = await f.services.roster.resolve(
      { platform: 'discord', externalId: 'guild-names' },
      { platformUserId: 'u-1', displayName: 'New\nName\u0007', platformRole: 'student' },
    );
    expect(after.memberId).toBe(before.memberId);
    expect(after.displayName).toBe('New Name');
  });

  it('makes a member an instructor when the platform says so or an instructor granted it', async () => {
    expect((await f.join('Teacher', { role: 'instructor', classroom: 'roles' })).role).toBe('instructor');
    const teacher = await f.join('Teacher', { role: 'instructor', classroom: 'roles' });
    const student = await f.join('Helper', { classroom: 'roles' });
    expect(student.role).toBe('student');

    await f.services.roster.setInstructor(teacher, 'helper', true);
    expect((await f.join('Helper', { classroom: 'roles' })).role).toBe('instructor');

    await f.services.roster.setInstructor(teacher, 'Helper', false);
    expect((await f.join('Helper', { classroom: 'roles' })).role).toBe('student');
  });

  it('keeps a platform instructor an instructor after a revoke', async () => {
    const teacher = await f.join('Lead', { role: 'instructor', classroom: 'roles-2' });
    await f.join('Admin', { role: 'instructor', classroom: 'roles-2' });
    const revoked = await f.services.roster.setInstructor(teacher, 'admin', false);
    expect(revoked.changed).toBe(false);
    expect((await f.join('Admin', { role: 'instructor', classroom: 'roles-2' })).role).toBe('instructor');
  });

  it('refuses a grant from a student, whatever role the caller object claims', async () => {
    const student = await f.join('Sneaky', { classroom: 'roles-3' });
    await f.join('Friend', { classroom: 'roles-3' });
    const forged = { ...student, role: 'instructor' as const };
    expect(await userErrorCode(() => f.services.roster.setInstructor(forged, 'friend', true))).toBe('instructor-only');
    expect((await f.join('Friend', { classroom: 'roles-3' })).role).toBe('student');
  });

  it('answers clearly for an unknown member', async () => {
    const teacher = await f.join('Boss', { role: 'instructor', classroom: 'roles-4' });
    expect(await userErrorCode(() => f.services.roster.setInstructor(teacher, 'nobody', true))).toBe('member-unknown');
  });

  it("picks the member's own language, else a ko/en platform locale, else the classroom default", async () => {
    expect((await f.join('Lena', { classroom: 'lang', locale: 'en-US' })).language).toBe('en');
    expect((await f.join('Jiho', { classroom: 'lang', locale: 'ko' })).language).toBe('ko');
    // A locale the bot doesn't speak falls back to the classroom default (Korean).
    expect((await f.join('Yuki', { classroom: 'lang', locale: 'ja' })).language).toBe('ko');
    const lena = await f.join('Lena', { classroom: 'lang', locale: 'en-US' });
    await f.services.roster.setLanguage(lena, 'ko');
    expect((await f.join('Lena', { classroom: 'lang', locale: 'en-US' })).language).toBe('ko');
  });
});
