// /roster sync and /stats on Discord: the real discord.js client's guild.members.fetch() over the
// double's gateway (Request Guild Members, with the Server Members intent), a role filter, bots left
// out, instructors known by role; the analytics chart arrives as a PNG attachment; students refused.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../support/discord-double/model.ts';
import { snowflake } from '../support/discord-double/snowflake.ts';
import { openClassroom, textOf, type Classroom } from './harness.ts';

let room: Classroom;
beforeAll(async () => {
  room = await openClassroom({ guildMembers: true });
});
afterAll(async () => {
  await room?.close();
});

const here = () => ({ guild: room.guild, channel: room.channel });

describe('/roster sync on Discord', () => {
  it("adds the server's members with the role, leaves bots out, and refuses students", async () => {
    const studentsRole = { id: snowflake(), name: 'Lesson 7', permissions: '0', position: 2 };
    room.guild.roles.push(studentsRole);
    const teacher = room.student('teacher', { roles: [room.discord.instructorRole(room.guild)] });
    const mina = room.student('mina', { roles: [studentsRole.id], nick: 'Mina Kim' });
    room.student('joon', { roles: [studentsRole.id] });
    room.student('visitor');
    const helper = room.student('helper', { roles: [studentsRole.id] });
    helper.user = { ...makeUser('helper', true), id: helper.user.id };

    const refused = await room.discord.answered(room.discord.slash(mina, here(), 'roster', { subcommand: 'sync' }));
    expect(textOf(refused)).toContain('/roster is for instructors only.');

    const synced = await room.discord.answered(room.discord.slash(teacher, here(), 'roster', { subcommand: 'sync', role: 'lesson 7' }));
    expect(textOf(synced)).toContain('1 added, 0 updated, 1 unchanged.');
    expect(textOf(synced)).toContain('Added: joon');
    const rows = await room.db.prisma.member.findMany({ where: { classroom: { externalId: room.guild.id } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.displayName).sort()).toEqual(['Mina Kim', 'joon', 'teacher']);

    const all = await room.discord.answered(room.discord.slash(teacher, here(), 'roster', { subcommand: 'sync' }));
    // Everyone but the bots (helper and FoodVision itself): visitor is new; the teacher stays an instructor.
    expect(textOf(all)).toContain('1 added, 0 updated, 3 unchanged.');
    const teacherRow = await room.db.prisma.member.findFirstOrThrow({ where: { platformUserId: teacher.user.id } });
    expect(teacherRow.role).toBe('instructor');
    const unknownRole = await room.discord.answered(room.discord.slash(teacher, here(), 'roster', { subcommand: 'sync', role: 'nope' }));
    expect(textOf(unknownRole)).toContain('This server has no role "nope".');
  });

  it('posts the analytics with its chart as a PNG attachment', async () => {
    const teacher = room.student('coach', { roles: [room.discord.instructorRole(room.guild)] });
    const stats = await room.discord.answered(room.discord.slash(teacher, here(), 'stats', { lesson: 7 }), (m) => m.attachments.length > 0, 60_000);
    expect(textOf(stats)).toContain('roster');
    const png = stats.attachments.find((a) => a.filename.endsWith('.png'))!;
    expect((await sharp(Buffer.from(png.data)).metadata()).format).toBe('png');
  });
});
