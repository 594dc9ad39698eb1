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

/** At most one call per member per window, e.g. for slow classifier work. */
export function cooldown(windowMs: number, now: () => number = Date.now): Precondition {
  const lastCall = new Map<string, number>();
  return {
    name: `cooldown(${windowMs}ms)`,
    check(ctx, commandName) {
      const key = `${ctx.caller.classroomId}:${ctx.caller.memberId}:${commandName}`;
      const at = now();
      const previous = lastCall.get(key);
      if (previous !== undefined && at - previous < windowMs) {
        const seconds = Math.ceil((windowMs - (at - previous)) / 1000);
        throw userError('cooldown', `${seconds}초 후에 다시 시도해 주세요.`, `Please wait ${seconds} s and try again.`);
      }
      lastCall.set(key, at);
    },
  };
}
