// Discord's own edge cases against the real client: an unknown command from an old registration,
// a stale button from a previous bot run (including one that opens a modal), a server the bot has
// never seen, instructors by role name or Manage Server (and a student refused), and a 429 on a
// follow-up that discord.js waits out instead of dropping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL, Permission, STUDENT_PERMISSIONS } from '../support/discord-double/index.ts';
import { buttonsOf, openClassroom, textOf, type Classroom } from './harness.ts';

let room: Classroom;

beforeAll(async () => {
  room = await openClassroom();
});

afterAll(async () => {
  await room?.close();
});

const here = () => ({ guild: room.guild, channel: room.channel });
const row = (customId: string, label: string) => ({ type: 1, components: [{ type: 2, style: 1, custom_id: customId, label }] });

describe('old registrations and stale buttons', () => {
  it('answers an unknown command from an old registration privately and kindly', async () => {
    const frank = room.student('frank');
    const answer = await room.discord.answered(room.discord.slash(frank, here(), 'homework', { week: 3 }));
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(answer)).toMatch(/\/homework is no longer a command.*\/help/);
  });

  it('answers a button from a previous bot run with a private note instead of failing', async () => {
    const grace = room.student('grace', { locale: 'ko' });
    const old = room.discord.seedBotMessage(room.channel, { content: 'old', components: [row('flashcards:flip:12', 'Flip')] });
    const click = room.discord.click(grace, old, 'flashcards:flip:12');
    const note = await room.discord.followUp(click);
    expect(click.callbacks).toEqual([6]);
    expect(note.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(note)).toMatch(/더 이상 쓸 수 없어요/);
    expect(room.discord.messages.get(old.id)!.editCount).toBe(0);
  });

  it('still opens a modal for an answer button the bot rendered before a restart, and grades the answer', async () => {
    const heidi = room.student('heidi');
    const old = room.discord.seedBotMessage(room.channel, { content: 'step 1', components: [row('~challenge:answer:7:1', 'Answer')] });
    const open = room.discord.click(heidi, old, '~challenge:answer:7:1');
    await room.discord.waitFor(() => open.modal, 'the modal');
    expect(String(open.modal!.title)).toBe('Your answer');
    const feedback = await room.discord.followUp(room.discord.submitModal(heidi, open, '512'));
    expect(textOf(feedback)).toMatch(/Step 1: correct/);
  });
});

describe('servers and roles', () => {
  it('serves a server the bot has never seen, creating its classroom on first use', async () => {
    const unseen = room.discord.addGuild('Evening class', { announced: false });
    const ivan = room.discord.addPerson('ivan', { guilds: [unseen] });
    expect(room.bot.client.guilds.cache.has(unseen.id)).toBe(false);
    const answer = await room.discord.answered(room.discord.slash(ivan, { guild: unseen, channel: unseen.channels[0]! }, 'progress'));
    expect(textOf(answer)).not.toMatch(/went wrong/);
    const classroom = await room.db.prisma.classroom.findFirstOrThrow({ where: { externalId: unseen.id }, include: { members: true } });
    expect(classroom.members.map((m) => m.platformUserId)).toEqual([ivan.user.id]);
  });

  it('refuses /report to a student, and gives the CSV to an instructor by role name or by Manage Server', async () => {
    const judy = room.student('judy');
    const refusal = await room.discord.answered(room.discord.slash(judy, here(), 'report'));
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.attachments).toHaveLength(0);
    expect(textOf(refusal)).toMatch(/instructors only/);

    const byRole = room.student('ken', { roles: [room.discord.instructorRole(room.guild)], permissions: STUDENT_PERMISSIONS });
    const byPermission = room.student('lena', { permissions: (BigInt(STUDENT_PERMISSIONS) | Permission.ManageGuild).toString() });
    for (const instructor of [byRole, byPermission]) {
      const report = room.discord.slash(instructor, here(), 'report');
      const answer = await room.discord.answered(report);
      expect(report.callbacks).toEqual([5]); // deferred at once: reports may be slow
      expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
      // The class report and the Canvas gradebook, both CSV, both naming the student.
      expect(answer.attachments.map((a) => a.filename)).toEqual([
        expect.stringMatching(/^class-report-.*\.csv$/),
        expect.stringMatching(/^canvas-gradebook-.*\.csv$/),
      ]);
      for (const file of answer.attachments) expect(new TextDecoder().decode(file.data)).toContain('judy');
    }
  });
});

describe('/progress member:@someone', () => {
  it('shows an instructor a mentioned member, and refuses a student', async () => {
    const pupil = room.student('olga');
    await room.discord.answered(room.discord.slash(pupil, here(), 'lesson', { number: 7 }));
    const teacher = room.student('pat', { roles: [room.discord.instructorRole(room.guild)] });
    const view = await room.discord.answered(room.discord.slash(teacher, here(), 'progress', { member: { user: pupil } }));
    expect(view.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(view)).toContain('olga');
    const refused = await room.discord.answered(room.discord.slash(pupil, here(), 'progress', { member: { user: teacher } }));
    expect(textOf(refused)).toMatch(/instructors only/);
  });
});

describe('rate limits', () => {
  it('waits out a 429 on a follow-up and delivers it, logging the limit', async () => {
    const mia = room.student('mia');
    const shared = await room.discord.answered(room.discord.slash(mia, here(), 'lesson', { number: 7 }));
    const next = buttonsOf(shared).find((b) => /Next/.test(b.label))!.id;
    const route = '/webhooks/{webhook_id}/{webhook_token}';
    room.discord.failOnce(
      'POST',
      route,
      429,
      { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      { 'retry-after': '0.3', 'x-ratelimit-scope': 'user' },
    );
    // Opening one's own page from the shared lesson message is a follow-up (a private message).
    const click = room.discord.click(mia, shared, next);
    const page = await room.discord.followUp(click, () => true, 10_000);
    expect(page.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(page)).toMatch(/\(2\/\d+\)/);
    const attempts = room.discord.calls.filter((c) => c.route === route && c.path.includes(encodeURIComponent(click.token)));
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(300);
    expect(room.logs.some((line) => /429 on POST \/webhooks/.test(line))).toBe(true);
  });

  it('delivers after the 15-minute token has expired: a private page by DM instead of dropping it', async () => {
    const noah = room.student('noah');
    const shared = await room.discord.answered(room.discord.slash(noah, here(), 'lesson', { number: 7 }));
    room.discord.tokenLifetimeMs = 0; // every token is already past its 15 minutes for follow-ups
    try {
      room.discord.click(noah, shared, buttonsOf(shared).find((b) => /Next/.test(b.label))!.id);
      const dm = await room.discord.waitFor(() => room.discord.dmMessages(noah)[0], 'the page by DM');
      expect(textOf(dm)).toMatch(/\(2\/\d+\)/);
      expect(room.logs.some((line) => /token of interaction \d+ expired; delivering by DM/.test(line))).toBe(true);
    } finally {
      room.discord.tokenLifetimeMs = 15 * 60_000;
    }
  });
});
