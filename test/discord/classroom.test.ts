// The classroom on Discord, end to end: the real discord.js client, the double, real Postgres.
// Lesson paging by two members at once, the quiz in DMs (with a double click), closed DMs, and
// the challenge through modals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, type Lesson } from '../../src/core/lessons/content.ts';
import { EPHEMERAL, type Person, type StoredMessage } from '../support/discord-double/index.ts';
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
const button = (message: StoredMessage, label: RegExp) => {
  const found = buttonsOf(message).find((b) => label.test(b.label));
  if (!found) throw new Error(`no button ${label} on ${JSON.stringify(buttonsOf(message))}`);
  return found.id;
};

async function memberRow(person: Person) {
  return room.db.prisma.member.findFirstOrThrow({
    where: { platformUserId: person.user.id },
    include: { progress: true, quizAttempts: { include: { answers: true } } },
  });
}

describe('/lesson', () => {
  it('pages privately for each member: two members clicking at once never move each other', async () => {
    const alice = room.student('alice');
    const bob = room.student('bob', { locale: 'ko' });
    const shared = await room.discord.answered(room.discord.slash(alice, here(), 'lesson', { number: 7 }));
    expect(shared.flags & EPHEMERAL).toBe(0);
    expect(textOf(shared)).toContain(lesson.sections[0]!.title.en);

    // Both press "Next" on the shared message at the same moment.
    const next = button(shared, /Next/);
    const [aliceClick, bobClick] = [room.discord.click(alice, shared, next), room.discord.click(bob, shared, next)];
    const alicePage = await room.discord.followUp(aliceClick);
    const bobPage = await room.discord.followUp(bobClick);
    expect(alicePage.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bobPage.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(alicePage)).toContain(lesson.sections[1]!.title.en);
    expect(textOf(bobPage)).toContain(lesson.sections[1]!.title.ko);
    // The shared message is untouched: nobody's click changed what the class sees.
    expect(room.discord.messages.get(shared.id)!.editCount).toBe(0);

    // Alice turns her own page; Bob's stays where it was.
    const turn = room.discord.click(alice, alicePage, button(alicePage, /Next/));
    await room.discord.answered(turn, (m) => m.editCount > 0);
    expect(textOf(room.discord.messages.get(alicePage.id)!)).toContain(lesson.sections[2]!.title.en);
    expect(textOf(room.discord.messages.get(bobPage.id)!)).toContain(lesson.sections[1]!.title.ko);
    expect(turn.callbacks).toEqual([6]);

    const [aliceRow, bobRow] = [await memberRow(alice), await memberRow(bob)];
    expect(aliceRow.progress[0]!.sectionsSeen.sort()).toEqual([0, 1, 2]);
    expect(bobRow.progress[0]!.sectionsSeen.sort()).toEqual([1]);
  });
});

describe('/quiz in DMs', () => {
  it('asks in DMs, disables the buttons after an answer with the right one marked, ignores a double click, and closes with a score card', async () => {
    const carol = room.student('carol');
    const start = room.discord.slash(carol, here(), 'quiz', { lesson: 7 });
    const pointer = await room.discord.answered(start);
    expect(pointer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(pointer)).toMatch(/DM/);
    const questions = await drawnQuestions(room.db.prisma, lesson, carol.user.id);
    expect(questions).toHaveLength(5);

    for (const [index, question] of questions.entries()) {
      const asked = await room.discord.waitFor(
        () => room.discord.dmMessages(carol).find((m) => textOf(m).includes(question.prompt.en) && buttonsOf(m).some((b) => !b.disabled)),
        `question ${index + 1} in carol's DMs`,
      );
      // Pick a wrong option on the first question, the right one after; click the first answer twice.
      const pick = index === 0 ? question.options.find((o) => o.id !== question.answer)! : question.options.find((o) => o.id === question.answer)!;
      const pickId = buttonsOf(asked).find((b) => b.id.endsWith(`:${question.id}:${pick.id}`))!.id;
      expect(pickId.startsWith('@')).toBe(true); // DM buttons carry the class server
      const clicks =
        index === 0 ? [room.discord.click(carol, asked, pickId), room.discord.click(carol, asked, pickId)] : [room.discord.click(carol, asked, pickId)];
      await room.discord.waitFor(
        () => {
          const now = room.discord.messages.get(asked.id)!;
          return now.editCount > 0 && buttonsOf(now).every((b) => b.disabled);
        },
        `question ${index + 1} marked answered`,
      );
      const answered = room.discord.messages.get(asked.id)!;
      const right = buttonsOf(answered).find((b) => b.id.endsWith(`:${question.answer}`))!;
      expect(right.style).toBe(3); // success: the right answer is marked
      expect(textOf(answered)).toContain(question.explanation.en);
      if (index === 0) {
        expect(buttonsOf(answered).find((b) => b.id === pickId)!.style).toBe(4); // the wrong pick in red
        // Whichever click Discord delivered second is told it changed nothing.
        const repeat = await room.discord.waitFor(
          () => clicks.flatMap((c) => room.discord.followUps(c)).find((m) => /already answered/.test(textOf(m))),
          'the double click answered',
        );
        expect(repeat.flags & EPHEMERAL).toBe(EPHEMERAL);
        const next = questions[1]!.prompt.en;
        await room.discord.waitFor(() => room.discord.dmMessages(carol).some((m) => textOf(m).includes(next)), 'question 2');
        expect(room.discord.dmMessages(carol).filter((m) => textOf(m).includes(next))).toHaveLength(1);
      }
    }
    const card = await room.discord.waitFor(() => room.discord.dmMessages(carol).find((m) => /Quiz results/.test(textOf(m))), 'the score card');
    expect(textOf(card)).toContain(`${questions.length - 1}/${questions.length}`);
    // Answers given in DMs count in the class server the quiz came from, not in a room of their own.
    const rows = await room.db.prisma.member.findMany({ where: { platformUserId: carol.user.id }, include: { classroom: true } });
    expect(rows.map((r) => r.classroom.externalId)).toEqual([room.guild.id]);
    const row = await memberRow(carol);
    expect(row.quizAttempts).toHaveLength(1);
    expect(row.quizAttempts[0]!.answers).toHaveLength(questions.length);
    expect(row.quizAttempts[0]!.score).toBe(questions.length - 1);
  });

  it('starts from the button at the end of the lesson', async () => {
    const quinn = room.student('quinn');
    const last = lesson.sections.length;
    const shared = await room.discord.answered(room.discord.slash(quinn, here(), 'lesson', { number: 7, section: last }));
    const start = room.discord.click(quinn, shared, button(shared, /Start the quiz/));
    const pointer = await room.discord.followUp(start);
    expect(pointer.flags & EPHEMERAL).toBe(EPHEMERAL);
    const first = await room.discord.waitFor(() => room.discord.dmMessages(quinn)[0], 'the first question by DM');
    expect(textOf(first)).toContain((await drawnQuestions(room.db.prisma, lesson, quinn.user.id))[0]!.prompt.en);
    expect(room.discord.messages.get(shared.id)!.editCount).toBe(0);
  });

  it('tells a member with closed DMs, privately in the channel, how to open them', async () => {
    const dave = room.student('dave', { dmsClosed: true });
    const start = room.discord.slash(dave, here(), 'quiz', { lesson: 7 });
    const notice = await room.discord.waitFor(
      () => [room.discord.original(start), ...room.discord.followUps(start)].find((m) => m && /Privacy Settings/.test(textOf(m))),
      'the closed-DMs notice',
    );
    expect(notice.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notice.channel_id).toBe(room.channel.id);
    expect(room.discord.calls.some((c) => c.route === '/channels/{channel_id}/messages' && c.status === 403)).toBe(true);
    expect(room.discord.dmMessages(dave)).toHaveLength(0);
    // The DM failed, so nothing may claim it was sent (issue 12: "I can't send you DMs" then "📬 I sent the quiz").
    await room.bot.settled();
    const said = [room.discord.original(start), ...room.discord.followUps(start)].filter((m) => m !== undefined).map(textOf);
    expect(said.filter((text) => /sent|보냈어요/i.test(text))).toEqual([]);
  });
});

describe('/challenge through modals', () => {
  it('opens a modal per step, grades the typed answer, and moves on', async () => {
    const erin = room.student('erin');
    const first = await room.discord.answered(room.discord.slash(erin, here(), 'challenge', { lesson: 7 }));
    expect(first.flags & EPHEMERAL).toBe(EPHEMERAL);
    const hint = await room.discord.followUp(room.discord.click(erin, first, button(first, /Hint/)));
    expect(hint.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(hint)).toContain(lesson.challenge.steps[0]!.hint.en);
    let current = first;
    const answers = ['in_features=1000', '512', 'new_layer = torch.nn.Linear(512, 7)', '7'];
    for (const text of answers) {
      const open = room.discord.click(erin, current, button(current, /Answer|Try again/));
      await room.discord.waitFor(() => open.modal, 'the modal');
      expect(open.callbacks).toEqual([9]);
      const submit = room.discord.submitModal(erin, open, text);
      const feedback = await room.discord.followUp(submit);
      const stepNumber = /Step (\d)/.exec(textOf(feedback))?.[1];
      expect(stepNumber, textOf(feedback)).toBeDefined();
      if (/not yet/.test(textOf(feedback))) {
        current = feedback;
        continue;
      }
      expect(textOf(feedback)).toMatch(/correct/);
      current = await room.discord.followUp(submit, (m) => m.id !== feedback.id);
    }
    expect(textOf(current)).toMatch(/solved all 3 steps/);
    const stored = await room.db.prisma.challengeAnswer.findMany({ where: { member: { platformUserId: erin.user.id } } });
    expect(stored.length).toBe(4);
  });
});

describe('mentions', () => {
  it('every message the bot sends carries allowed_mentions that ping no one, whatever its text holds', async () => {
    const eve = room.student('eve');
    const since = room.discord.calls.length;
    await room.discord.answered(room.discord.slash(eve, here(), 'progress'));
    await room.discord.answered(room.discord.slash(eve, here(), 'lesson', { number: 7 }));
    const messages = room.discord.calls
      .slice(since)
      .map((c) => c.body as Record<string, unknown> | null)
      .map((body) => (body && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : body))
      .filter((body): body is Record<string, unknown> => Boolean(body && ('embeds' in body || 'content' in body)));
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const body of messages) expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});
