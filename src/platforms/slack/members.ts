// Who a Slack member is, as the workspace says: name, locale, and whether they are an admin or
// owner (the platform's word for "instructor"; the core adds the instructors granted in the bot).
// Cached briefly: users.info is rate-limited, and a demoted admin should not keep the role long.
// It also remembers each member's language as last resolved, for work that must not wait for
// users.info or the database (opening a modal within a trigger_id's 3 s).
import type { webApi } from '@slack/bolt';
import type { CallerRef, PlatformMember } from '../../core/context.ts';
import type { Language } from '../../core/reply.ts';
import { RecentMap } from '../shared/recent-map.ts';

type WebClient = webApi.WebClient;

export type SlackCaller = Omit<CallerRef, 'platformUserId'>;

const MAX_LANGUAGES = 10_000;

interface Entry {
  value: SlackCaller;
  expires: number;
}

export class MemberDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly languages = new RecentMap<string, Language>(MAX_LANGUAGES);

  constructor(
    private readonly log: (message: string) => void,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(client: WebClient, teamId: string, userId: string, fallbackName?: string): Promise<SlackCaller> {
    const key = `${teamId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > this.now()) return cached.value;
    try {
      const { user } = await client.users.info({ user: userId, include_locale: true });
      const value = callerOf(user, fallbackName || userId);
      this.cache.set(key, { value, expires: this.now() + this.ttlMs });
      return value;
    } catch (error) {
      // Without users.info the member is treated as a student: never more rights than proven.
      this.log(`slack: users.info failed for ${userId}: ${(error as Error).message}`);
      return { displayName: fallbackName || userId, platformRole: 'student' };
    }
  }

  /**
   * A channel member for the roster: null for bots and deactivated accounts. Not cached as a caller
   * would be, and a failed users.info is an error, not a student: a roster must not guess.
   */
  async lookupMember(client: WebClient, teamId: string, userId: string): Promise<PlatformMember | null> {
    // With the locale, so the cached caller is the same one lookup() would have cached.
    const { user } = await client.users.info({ user: userId, include_locale: true });
    if (!user || user.is_bot || user.deleted || userId === 'USLACKBOT') return null;
    const value = callerOf(user, userId);
    this.cache.set(`${teamId}:${userId}`, { value, expires: this.now() + this.ttlMs });
    return { platformUserId: userId, displayName: value.displayName, role: value.platformRole };
  }

  /** The member's language as last resolved in this process, if any (none after a restart). */
  knownLanguage(teamId: string, userId: string): Language | undefined {
    return this.languages.get(`${teamId}:${userId}`);
  }

  rememberLanguage(teamId: string, userId: string, language: Language): void {
    this.languages.set(`${teamId}:${userId}`, language);
  }
}

type SlackUser = NonNullable<Awaited<ReturnType<WebClient['users']['info']>>['user']>;

function callerOf(user: SlackUser | undefined, fallbackName: string): SlackCaller {
  return {
    displayName: user?.profile?.display_name || user?.real_name || user?.name || fallbackName,
    platformRole: user?.is_admin || user?.is_owner || user?.is_primary_owner ? 'instructor' : 'student',
    ...(user?.locale ? { locale: user.locale } : {}),
  };
}
