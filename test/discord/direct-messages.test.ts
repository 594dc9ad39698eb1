// What a member types in their DM with the bot (issue 12: "messages a student types in the bot's
// DM get silence"): the real discord.js client on the double, real Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type Lesson } from '../../src/core/lessons/content.ts';
import { LETTERS, optionsShown } from '../../src/core/quiz/quiz-service.ts';
import { drawnQuestions } from '../support/quiz.ts';
import { buttonsOf, openClassroom, textOf, type Classroom } from './harness.ts';

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

/** The bot's first message in a DM channel; a timeout names the last calls and the logs. */
const botAnswerIn = (channelId: string) =>
  room.discord.waitFor(
    () => room.discord.messagesIn(channelId).find((m) => m.author.bot),
    () =>
      `an answer in the DM; logs: ${room.logs.join('\n')}; calls: ${room.discord.calls
        .slice(-5)
        .map((c) => `${c.method} ${c.path} ${c.status}`)
        .join('; ')}`,
  );

describe('a message typed in the DM', () => {
  it('is answered in the DM with what to type, in the member language', async () => {
    const sora = room.student('sora', { locale: 'ko' });
    await room.discord.answered(room.discord.slash(sora, here(), 'language', { language: 'ko' }));
    const typed = room.discord.dm(sora, '안녕하세요, 퀴즈는 어떻게 해요?');
    const answer = await botAnswerIn(typed.channel_id);
    expect(textOf(answer)).toContain('/quiz 7');
    expect(textOf(answer)).toContain('/review 7');
    expect(textOf(answer)).toContain('명령');
  });

  it('shows a waiting quiz question again, and takes its letter typed as the answer', async () => {
    const taro = room.student('taro');
    await room.discord.answered(room.discord.slash(taro, here(), 'quiz', { lesson: 7 }));
    const [first, second] = await drawnQuestions(room.db.prisma, lesson, taro.user.id);
    const attempt = await room.db.prisma.quizAttempt.findFirstOrThrow({ where: { member: { platformUserId: taro.user.id } } });
    const dm = () => room.discord.dmMessages(taro);
    await room.discord.waitFor(() => dm().some((m) => textOf(m).includes(first!.prompt.en)), 'the first question');

    room.discord.dm(taro, 'what now?');
    const again = await room.discord.waitFor(
      () => dm().filter((m) => textOf(m).includes(first!.prompt.en) && buttonsOf(m).some((b) => !b.disabled))[1],
      'the question shown again',
    );
    expect(buttonsOf(again).every((b) => b.id.startsWith('@'))).toBe(true); // DM buttons carry the class server
    expect(dm().some((m) => /type its letter/.test(textOf(m)))).toBe(true);

    const shown = optionsShown(attempt, first!);
    const letter = LETTERS[shown.findIndex((o) => o.id === first!.answer)]!;
    room.discord.dm(taro, ` ${letter.toLowerCase()}. `);
    await room.discord.waitFor(() => dm().some((m) => textOf(m).includes(second!.prompt.en)), 'the second question');
    const answers = await room.db.prisma.quizAnswer.findMany({ where: { attemptId: attempt.id } });
    expect(answers.map((a) => [a.questionId, a.choice, a.correct])).toEqual([[first!.id, first!.answer, true]]);
    expect(answers[0]!.shownOrder).toEqual(shown.map((o) => o.id));
    expect(dm().some((m) => textOf(m).includes(`You chose ${letter}`))).toBe(true);
  });

  it('tells someone who shares no class server with the bot where to go, and records nothing', async () => {
    const stranger = room.discord.addPerson('wanderer', { guilds: [] });
    const typed = room.discord.dm(stranger, 'hello?');
    const answer = await botAnswerIn(typed.channel_id);
    expect(textOf(answer)).toContain("couldn't find a class server we share");
    expect(await room.db.prisma.member.count({ where: { platformUserId: stranger.user.id } })).toBe(0);
  });
});
