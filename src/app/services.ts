// Everything a command handler may call. Built once in the composition root (src/main.ts) and
// in tests; each member is a platform-neutral core service.
import type { CallerRef, ClassroomRef, ResolvedCaller } from '../core/context.ts';

/** Finds or creates the classroom and member behind a call, and settles the member's role and language. */
export interface Roster {
  resolve(classroom: ClassroomRef, caller: CallerRef): Promise<ResolvedCaller>;
}

export interface Services {
  roster: Roster;
  [service: string]: unknown;
}
