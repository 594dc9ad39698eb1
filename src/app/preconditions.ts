// Cross-cutting rules, declared on a command or action instead of repeated in each handler.
import { userError } from '../core/errors.ts';
import { memberKeyEnd } from '../core/ports.ts';
import type { Precondition } from './command.ts';

/** The member's role as the core recorded it, not whatever the platform claimed on this call. */
export const instructorOnly: Precondition = {
  name: 'instructorOnly',
  check(ctx, commandName) {
    if (ctx.caller.role !== 'instructor') {
      throw userError('instructor-only', `/${commandName} 명령은 강사만 사용할 수 있어요.`, `/${commandName} is for instructors only.`);
    }
  },
};

/**
 * At most `calls` calls per member per sliding window: keeps one member from hogging slow shared
 * work (the classifier runs on the class's one machine) without slowing anyone using it normally.
 * Counted in `services.rateLimits` (the database), so the limit holds however many bot processes
 * the member's calls reach, and forgets a window once it has passed.
 */
export function cooldown(windowMs: number, options: { calls?: number; now?: () => number } = {}): Precondition {
  const window = { windowMs, calls: options.calls ?? 1 };
  const now = options.now ?? Date.now;
  const rule = `${window.calls}/${windowMs}ms`;
  return {
    name: `cooldown(${window.calls} per ${windowMs}ms)`,
    async check(ctx, commandName) {
      // The rule is part of the key: two cooldowns on one command each keep their own window.
      const key = `cooldown:${commandName}:${rule}${memberKeyEnd(ctx.caller.classroomId, ctx.caller.memberId)}`;
      const answer = await ctx.services.rateLimits.take(key, window, now());
      if (answer.taken) return;
      const seconds = Math.ceil(answer.retryAfterMs / 1000);
      throw userError(
        'cooldown',
        `/${commandName} 명령을 너무 자주 쓰셨어요. ${seconds}초 후에 다시 시도해 주세요.`,
        `That's a lot of /${commandName} at once. Please try again in ${seconds} s.`,
      );
    },
  };
}
