// Commands typed in the bot's DM belong to the member's class server; the adapter's own words
// follow the language the member chose in the class; and an instructor's public answer stays
// public however long the core takes to give it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type Lesson } from '../../src/core/lessons/content.ts';
import { EPHEMERAL, Permission, STUDENT_PERMISSIONS } from '../support/discord-double/index.ts';
import { openClassroom, textOf, type Classroom } from './harness.ts';

let room: Classroom;
let lesson: Lesson;
beforeAll(async () => {
  room = await openClassroom();
  lesson = (await loadLessons()).get(7)!;
});
afterAll(async () => {
  await room?.close();
});

const here = () => ({ guild: room.guild, channel: room.channel });

describe('a command typed in the DM', () => {
  it('counts in the class server the member shares with the bot, in the language they chose there, with no DM pointer', async () => {
    const mina = room.student('mina', { locale: 'en-US' });
    await room.discord.answered(room.discord.slash(mina, here(), 'language', { language: 'ko' }));
    const quiz = room.discord.slash(mina, { dm: true }, 'quiz', { lesson: 7 });
    // The first question the attempt drew, whichever of the bank's it is.
    const question = await room.discord.answered(quiz, (m) => lesson.quiz.some((q) => textOf(m).includes(q.prompt.ko)));
    expect(room.discord.followUps(quiz).filter((m) => /DM/.test(textOf(m)))).toEqual([]);
    expect(textOf(question)).not.toMatch(/DM으로 보냈어요|sent the quiz/);
    const rows = await room.db.prisma.member.findMany({ where: { platformUserId: mina.user.id }, include: { classroom: true } });
    expect(rows.map((r) => [r.classroom.externalId, r.language])).toEqual([[room.guild.id, 'ko']]);
    expect(await room.db.prisma.quizAttempt.count({ where: { memberId: rows[0]!.id } })).toBe(1);
  });

  it('asks a member who shares no class server with the bot to use their class channel, and records nothing', async () => {
    const stranger = room.discord.addPerson('stranger', { guilds: [] });
    const quiz = room.discord.slash(stranger, { dm: true }, 'quiz', { lesson: 7 });
    const answer = await room.discord.answered(quiz);
    expect(textOf(answer)).toBe("I couldn't find a class server we share. Please run the command in your class server's channel.");
    expect(await room.db.prisma.member.count({ where: { platformUserId: stranger.user.id } })).toBe(0);
  });
});

describe("the adapter's own words", () => {
  it('are in the language the member chose, not their client language', async () => {
    const dora = room.student('dora', { locale: 'en-US', dmsClosed: true });
    await room.discord.answered(room.discord.slash(dora, here(), 'language', { language: 'ko' }));
    const start = room.discord.slash(dora, here(), 'quiz', { lesson: 7 });
    const notice = await room.discord.waitFor(
      () => [room.discord.original(start), ...room.discord.followUps(start)].find((m) => m && /DM/.test(textOf(m))),
      'the closed-DMs notice',
    );
    expect(textOf(notice)).toContain('DM을 보낼 수 없어요');
  });
});

describe('an instructor answer the class should see', () => {
  it('stays public when the core takes longer than the quick-answer window', async () => {
    const teacher = room.student('teacher', { permissions: (BigInt(STUDENT_PERMISSIONS) | Permission.ManageGuild).toString() });
    // A big roster makes the leaderboard slow: the command is deferred before its answer exists.
    // The stand-in for "slow" is exact rather than a guessed sleep: the leaderboard is computed only
    // once Discord has seen the deferral (after FAST_ANSWER_MS), however busy the machine is.
    const progress = room.dispatcher.services.progress;
    const leaderboard = progress.leaderboard.bind(progress);
    let ask: ReturnType<typeof room.discord.slash> | undefined;
    progress.leaderboard = async (...args) => {
      await room.discord.waitFor(() => (ask?.callbacks.length ?? 0) > 0, 'the deferral');
      return leaderboard(...args);
    };
    try {
      ask = room.discord.slash(teacher, here(), 'leaderboard');
      const board = await room.discord.followUp(ask, (m) => /Leaderboard|리더보드/.test(textOf(m)), 20_000);
      expect(ask.callbacks).toEqual([5]);
      expect(board.flags & EPHEMERAL).toBe(0);
      expect(room.discord.original(ask)?.deleted).toBe(true);
    } finally {
      progress.leaderboard = leaderboard;
    }
  });
});
