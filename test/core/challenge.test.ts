import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STORED_ANSWER } from '../../src/core/challenge/challenge-service.ts';
import { loadLessons } from '../../src/core/lessons/content.ts';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
beforeAll(async () => {
  f = await createCoreFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

const stored = (memberId: number) => f.prisma.challengeAnswer.findMany({ where: { memberId }, orderBy: { id: 'asc' } });

describe('challenge', () => {
  it('refuses an empty answer and stores nothing', async () => {
    const member = await f.join('Blank');
    expect(await userErrorCode(() => f.services.challenge.answer(member, 7, 1, ''))).toBe('challenge-empty');
    expect(await userErrorCode(() => f.services.challenge.answer(member, 7, 1, '   \n '))).toBe('challenge-empty');
    expect(await userErrorCode(() => f.services.challenge.answer(member, 7, 1, undefined))).toBe('challenge-empty');
    expect(await stored(member.memberId)).toHaveLength(0);
  });

  it('grades a 10 kB answer without storing it whole', async () => {
    const member = await f.join('Essay');
    const essay = `512 ${'가나다 😀 '.repeat(1_500)}`;
    expect(new TextEncoder().encode(essay).length).toBeGreaterThan(10_000);
    const outcome = await f.services.challenge.answer(member, 7, 1, essay);
    expect(outcome.verdict.correct).toBe(false);
    const [row] = await stored(member.memberId);
    expect([...row!.text].length).toBe(MAX_STORED_ANSWER);
    expect(row!.text.endsWith('…')).toBe(true);
    expect(row!.text.startsWith('512 가나다 😀')).toBe(true);
    expect(row!.verdict).toBe(outcome.verdict.code);
  });

  it('keeps Hangul and emoji exactly as typed', async () => {
    const member = await f.join('유니코드');
    const answer = '512개 🙂';
    const outcome = await f.services.challenge.answer(member, 7, 1, answer);
    const [row] = await stored(member.memberId);
    expect(row!.text).toBe(answer);
    expect(row!.correct).toBe(outcome.verdict.correct);
  });

  it('walks the steps in order, keeps every attempt, and pays a step once', async () => {
    const member = await f.join('Stepper');
    expect((await f.services.challenge.state(member, 7)).current).toBe(1);
    expect(await userErrorCode(() => f.services.challenge.answer(member, 7, 3, '7'))).toBe('challenge-step-locked');
    expect(await userErrorCode(() => f.services.challenge.reachableStep(member, 7, 2))).toBe('challenge-step-locked');
    expect(await userErrorCode(() => f.services.challenge.answer(member, 7, 9, '7'))).toBe('challenge-step-unknown');

    const one = await f.services.challenge.answer(member, 7, 1, '512개');
    expect(one).toMatchObject({ firstSolve: true, pointsEarned: 10 });
    expect(one.state.current).toBe(2);

    const swapped = await f.services.challenge.answer(member, 7, 2, 'new_layer = nn.Linear(7, 512)');
    expect(swapped.verdict).toMatchObject({ correct: false, code: 'swapped' });
    expect(swapped.state.current).toBe(2);

    // An earlier step may be answered again: graded and kept, but it pays nothing more.
    const oneAgain = await f.services.challenge.answer(member, 7, 1, ' 512 ');
    expect(oneAgain).toMatchObject({ firstSolve: false, pointsEarned: 0 });

    const two = await f.services.challenge.answer(member, 7, 2, 'new_layer = torch.nn.Linear(in_features=512, out_features=7)');
    expect(two.state.current).toBe(3);
    const three = await f.services.challenge.answer(member, 7, 3, '7');
    expect(three.state.current).toBeNull();
    expect(three.state.solved).toEqual([1, 2, 3]);

    const rows = await stored(member.memberId);
    expect(rows.map((r) => [r.step, r.correct])).toEqual([
      [1, true],
      [2, false],
      [1, true],
      [2, true],
      [3, true],
    ]);
    const points = await f.prisma.pointEntry.aggregate({ where: { memberId: member.memberId }, _sum: { points: true } });
    expect(points._sum.points).toBe(30);
  });

  it('takes a Sequential head, extra lines, words around the code and a named size as right answers, and keeps them as typed', async () => {
    const member = await f.join('Wordy');
    const one = await f.services.challenge.answer(member, 7, 1, 'ResNet-18의 출력은 512');
    expect(one.verdict).toMatchObject({ correct: true, code: 'correct' });
    const answers = [
      'model.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7))',
      'for p in model.parameters(): p.requires_grad = False\nmodel.fc = nn.Linear(512, 7)',
      'num_classes = 7\nmodel.fc = nn.Linear(512, num_classes)',
      'nn.Linear(512, 7) 입니다',
    ];
    for (const answer of answers) {
      const outcome = await f.services.challenge.answer(member, 7, 2, answer);
      expect(outcome.verdict.code, answer).toBe('correct');
    }
    const several = await f.services.challenge.answer(member, 7, 2, 'nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 7))');
    expect(several.verdict).toMatchObject({ correct: false, code: 'sequential-several-linear' });
    const rows = await stored(member.memberId);
    expect(rows.map((r) => r.text)).toEqual(['ResNet-18의 출력은 512', ...answers, 'nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 7))']);
    expect(rows.map((r) => r.verdict)).toEqual(['correct', 'correct', 'correct', 'correct', 'correct', 'sequential-several-linear']);
    // The step paid once, on its first right answer.
    const points = await f.prisma.pointEntry.aggregate({ where: { memberId: member.memberId }, _sum: { points: true } });
    expect(points._sum.points).toBe(20);
  });

  it('pays a step once when two right answers arrive at once, and keeps both attempts', async () => {
    const member = await f.join('Twice');
    const outcomes = await Promise.all([f.services.challenge.answer(member, 7, 1, '512'), f.services.challenge.answer(member, 7, 1, '512')]);
    expect(outcomes.map((o) => o.firstSolve).sort()).toEqual([false, true]);
    expect(outcomes.map((o) => o.pointsEarned).sort()).toEqual([0, 10]);
    expect(await stored(member.memberId)).toHaveLength(2);
  });

  it('gives the hint of a reachable step', async () => {
    const member = await f.join('Hinted');
    const { step } = await f.services.challenge.reachableStep(member, 7, 1);
    // The lesson as the fixture loads it, read again here: the hint must be step 1's own, word for word.
    const lesson = (await loadLessons()).get(7)!;
    expect(step.hint).toEqual(lesson.challenge.steps.find((s) => s.step === 1)!.hint);
  });
});
