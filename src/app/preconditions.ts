// Cross-cutting rules, declared on a command or action instead of repeated in each handler.
import { userError } from '../core/errors.ts';
import type { Precondition } from './command.ts';

/** The member's role as the core recorded it, not whatever the platform claimed on this call. */
export const instructorOnly: Precondition = {
  name: 'instructorOnly',
  check(ctx, commandName) {
    if (ctx.caller.role !== 'instructor') {
      throw userError(
        'instructor-only',
        `/${commandName} 명령은 강사만 사용할 수 있습니다.`,
        `/${commandName} is for instructors only.`,
      );
    }
  },
};

/**
 * At most `calls` calls per member per sliding window: keeps one member from hogging slow shared
 * work (the classifier runs on the class's one machine) without slowing anyone using it normally.
 */
export function cooldown(windowMs: number, options: { calls?: number; now?: () => number } = {}): Precondition {
  const calls = options.calls ?? 1;
  const now = options.now ?? Date.now;
  const recent = new Map<string, number[]>();
  return {
    name: `cooldown(${calls} per ${windowMs}ms)`,
    check(ctx, commandName) {
      const key = `${ctx.caller.classroomId}:${ctx.caller.memberId}:${commandName}`;
      const at = now();
      const times = (recent.get(key) ?? []).filter((t) => at - t < windowMs);
      if (times.length >= calls) {
        recent.set(key, times);
        const seconds = Math.ceil((windowMs - (at - times[0]!)) / 1000);
        throw userError(
          'cooldown',
          `/${commandName} 명령을 너무 자주 쓰셨어요. ${seconds}초 후에 다시 시도해 주세요.`,
          `That's a lot of /${commandName} at once. Please try again in ${seconds} s.`,
        );
      }
      times.push(at);
      recent.set(key, times);
    },
  };
}
