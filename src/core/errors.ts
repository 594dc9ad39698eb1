import type { Language } from './reply.ts';

/**
 * A problem the person caused or can fix (a wrong lesson number, an answer to an old question).
 * Adapters show `text[lang]` privately; anything else that escapes is a bug and is logged instead.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    readonly text: Record<Language, string>,
  ) {
    super(text.en);
    this.name = 'UserError';
  }
}

/** The platform refused to open a DM with the member (Discord 50007, Slack cannot_dm_bot). */
export class DmClosedError extends Error {
  constructor(message = 'Direct messages to this member are closed') {
    super(message);
    this.name = 'DmClosedError';
  }
}

export function userError(code: string, ko: string, en: string): UserError {
  return new UserError(code, { ko, en });
}
