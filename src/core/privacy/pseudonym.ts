// The public leaderboard names a member only if they chose it; everyone else is "Student N", where
// N is the member's place in the class by first use. Member rows are never deleted (an erasure keeps
// an anonymous placeholder), so a member's number never changes and never passes to someone else.
import type { MemberRecord } from '../ports.ts';

/** Member id to their number in the class (1-based), from the class's whole member list. */
export function memberNumbers(members: MemberRecord[]): Map<number, number> {
  const ordered = [...members].sort((a, b) => a.id - b.id);
  return new Map(ordered.map((m, i) => [m.id, i + 1]));
}
