import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, button, buttons, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from './fixture.ts';

let f: ClassroomFixture;
beforeAll(async () => {
  f = await createClassroomFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

describe('/quiz in DMs', () => {
  it('asks one by one, marks the answer, explains, ignores a double click, and ends with a score card', async () => {
    const me = f.as('Quinn');
    const quiz = f.services.catalog.get(7)!.quiz;
    const started = await f.dispatcher.runCommand(me, 'quiz', { lesson: 7 });
    // One reply, to the DM; the channel's "sent to your DMs" rides on it, said only once the DM arrived.
    expect(started.map((r) => r.target)).toEqual(['dm']);
    expect(started[0]!.dmNote).toContain('DMs');
    let question = started[0]!;
    const seen = [...started];

    for (let i = 0; i < 5; i++) {
      // The question this attempt drew, named by its buttons.
      const q = quiz.find((candidate) => candidate.id === button(question, 'quiz:answer:').actionId.split(':')[3])!;
      expect(allText(question)).toContain(`${i + 1}/5`);
      const wrongId = q.options.find((o) => o.id !== q.answer)!.id;
      const pick = i === 1 ? wrongId : q.answer;
      const click = button(question, `quiz:answer:`).actionId.replace(/:[^:]+$/, `:${pick}`);
      // The first answer is clicked twice at once, like a double click or a platform retry.
      const results =
        i === 0 ? await Promise.all([f.dispatcher.runAction(me, click), f.dispatcher.runAction(me, click)]) : [await f.dispatcher.runAction(me, click)];
      const answered = results.find((r) => r.length === 2)!;
      if (i === 0) {
        const repeat = results.find((r) => r.length === 1)!;
        expect(repeat[0]).toMatchObject({ private: true });
        expect(allText(repeat[0])).toContain('You already answered question 1');
      }
      const [update, next] = answered;
      expect(update).toMatchObject({ target: 'update' });
      const marked = buttons(update);
      expect(marked.every((b) => b.disabled)).toBe(true);
      expect(marked.find((b) => b.actionId.endsWith(`:${q.answer}`))!.style).toBe('success');
      if (pick !== q.answer) expect(marked.find((b) => b.actionId.endsWith(`:${pick}`))!.style).toBe('danger');
      expect(allText(update)).toContain(q.explanation.en);
      expect(next!.target).toBe('reply');
      seen.push(...answered);
      question = next!;
    }
    expect(allText(question)).toContain('4/5');
    expect(allText(question)).toContain('Best');
    expect(allText(question)).toContain('First attempt');
    expect(allText(question)).toContain('/review 7');
    const attempt = await f.db.prisma.quizAttempt.findFirstOrThrow({ where: { member: { platformUserId: 'id-quinn' } }, include: { answers: true } });
    expect(attempt.answers).toHaveLength(5);
    expect(attempt.score).toBe(4);

    const retake = await f.dispatcher.runAction(me, button(question, 'quiz:retake:7').actionId);
    expect(allText(retake[0])).toContain('1/5');
    expect(await f.db.prisma.quizAttempt.count({ where: { member: { platformUserId: 'id-quinn' } } })).toBe(2);
    expectPlatformSafe([...seen, ...retake]);
  });

  it('refuses an answer to a question that is not the current one, and an option that does not exist', async () => {
    const me = f.as('Skip');
    const [dm] = await f.dispatcher.runCommand(me, 'quiz', { lesson: 7 });
    const first = button(dm, 'quiz:answer:').actionId;
    const [, , attemptId] = first.split(':');
    const { questionIds } = await f.db.prisma.quizAttempt.findUniqueOrThrow({ where: { id: Number(attemptId) } });
    const [later] = await f.dispatcher.runAction(me, `quiz:answer:${attemptId}:${questionIds[2]}:a`);
    expect(allText(later)).toContain('Question 1 is the one to answer now.');
    const [bad] = await f.dispatcher.runAction(me, first.replace(/:[^:]+$/, ':x'));
    expect(allText(bad)).toContain('is not an option of this question');
  });
});

describe('/challenge', () => {
  it('walks the steps through text prompts, with hints and graded feedback', async () => {
    const me = f.as('Chae', { locale: 'ko' });
    const [step1] = await f.dispatcher.runCommand(me, 'challenge', { lesson: 7 });
    expect(step1).toMatchObject({ private: true });
    const answer = button(step1, 'challenge:answer:7:1');
    expect(answer.prompt?.label).toBe('내 답');

    const [hint] = await f.dispatcher.runAction(me, button(step1, 'challenge:hint:7:1').actionId);
    expect(allText(hint)).toContain('힌트');

    const [empty] = await f.dispatcher.runAction(me, answer.actionId, { text: '  ' });
    expect(empty!.tone).toBe('error');

    const [right, step2] = await f.dispatcher.runAction(me, answer.actionId, { text: '512개' });
    expect(right!.tone).toBe('success');
    expect(allText(step2)).toContain('2/3');

    const [wrong] = await f.dispatcher.runAction(me, button(step2, 'challenge:answer:7:2').actionId, { text: 'nn.Linear(512, 1000)' });
    expect(wrong!.tone).toBe('warning');
    expect(button(wrong, 'challenge:answer:7:2').prompt).toBeDefined();

    const [locked] = await f.dispatcher.runAction(me, 'challenge:answer:7:3', { text: '7' });
    expect(allText(locked)).toContain('먼저 2단계를 풀어 주세요.');

    const [, step3] = await f.dispatcher.runAction(me, 'challenge:answer:7:2', { text: 'new_layer = torch.nn.Linear(512, 7)' });
    const [, done] = await f.dispatcher.runAction(me, button(step3, 'challenge:answer:7:3').actionId, { text: '7' });
    expect(allText(done)).toContain('3단계를 모두 풀었어요');
    const rows = await f.db.prisma.challengeAnswer.count({ where: { member: { platformUserId: 'id-chae' } } });
    expect(rows).toBe(4);
    expectPlatformSafe([step1!, hint!, right!, step2!, wrong!, step3!, done!]);
  });
});
