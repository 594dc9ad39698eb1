// The cooldown precondition: at most N calls per member per sliding window, counted per command
// and per member, with the wait in the refusal.
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/app/command.ts';
import { cooldown } from '../../src/app/preconditions.ts';
import { UserError } from '../../src/core/errors.ts';

const member = (memberId: number) => ({ caller: { classroomId: 1, memberId } }) as unknown as CommandContext;

function refusal(run: () => unknown): UserError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
}

describe('cooldown', () => {
  it('allows N calls in the window, refuses the next with the seconds to wait, and frees up as the window slides', () => {
    let clock = 0;
    const rule = cooldown(60_000, { calls: 3, now: () => clock });
    for (const at of [0, 10_000, 20_000]) {
      clock = at;
      expect(refusal(() => rule.check(member(1), 'predict'))).toBeUndefined();
    }
    clock = 30_000;
    const refused = refusal(() => rule.check(member(1), 'predict'));
    expect(refused?.code).toBe('cooldown');
    expect(refused?.text.en).toBe("That's a lot of /predict at once. Please try again in 30 s.");
    expect(refused?.text.ko).toBe('/predict 명령을 너무 자주 쓰셨어요. 30초 후에 다시 시도해 주세요.');

    // Another member, or another command, has a budget of its own.
    expect(refusal(() => rule.check(member(2), 'predict'))).toBeUndefined();
    expect(refusal(() => rule.check(member(1), 'explain'))).toBeUndefined();

    clock = 60_000; // the call at 0 s has left the window: one more fits, then it is full again
    expect(refusal(() => rule.check(member(1), 'predict'))).toBeUndefined();
    expect(refusal(() => rule.check(member(1), 'predict'))?.text.en).toMatch(/try again in 10 s/);
  });

  it('defaults to one call per window', () => {
    let clock = 0;
    const rule = cooldown(5_000, { now: () => clock });
    rule.check(member(1), 'model');
    clock = 4_000;
    expect(refusal(() => rule.check(member(1), 'model'))?.text.en).toMatch(/in 1 s/);
    clock = 5_000;
    expect(refusal(() => rule.check(member(1), 'model'))).toBeUndefined();
  });
});
