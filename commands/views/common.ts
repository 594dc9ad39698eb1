// Small pieces every command view shares.
import type { CommandContext } from '../../src/app/command.ts';
import type { MemberRef } from '../../src/core/ports.ts';
import type { Localized, Reply } from '../../src/core/reply.ts';

export type Translate = (text: Localized) => string;

/** Discord caps a button label at 80 characters; cut by code point so Hangul and emoji survive. */
export const MAX_LABEL = 80;

export function label(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_LABEL ? text : `${chars.slice(0, MAX_LABEL - 1).join('')}…`;
}

/** The member the core acts for; roles are re-read by the core, never taken from here. */
export function me(ctx: CommandContext): MemberRef {
  return { memberId: ctx.caller.memberId, classroomId: ctx.caller.classroomId };
}

/** Action-id parameters arrive as text; a malformed one is treated like a stale button. */
export function intParam(value: string | undefined): number {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
}

export function pointsNote(t: Translate, points: number): string {
  return points > 0 ? t({ ko: `+${points}점!`, en: `+${points} point${points === 1 ? '' : 's'}!` }) : '';
}

/**
 * A reply meant for the member's DM: straight back when they are already there, else to the DM with
 * `note` said where they called from once it has arrived (never when the DM failed).
 */
export function inDm(ctx: CommandContext, reply: Reply, note: Localized): Reply {
  return ctx.direct ? { ...reply, target: 'reply' } : { ...reply, target: 'dm', dmNote: ctx.t(note) };
}
