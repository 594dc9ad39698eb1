// Who a Slack member is, as the workspace says: name, locale, and whether they are an admin or
// owner (the platform's word for "instructor"; the core adds the instructors granted in the bot).
// Cached briefly: users.info is rate-limited, and a demoted admin should not keep the role long.
import type { webApi } from '@slack/bolt';
import type { CallerRef } from '../../core/context.ts';

type WebClient = webApi.WebClient;

export type SlackCaller = Omit<CallerRef, 'platformUserId'>;

interface Entry {
  value: SlackCaller;
  expires: number;
}

export class MemberDirectory {
  private readonly cache = new Map<string, Entry>();

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
      const value: SlackCaller = {
        displayName: user?.profile?.display_name || user?.real_name || user?.name || fallbackName || userId,
        platformRole: user?.is_admin || user?.is_owner || user?.is_primary_owner ? 'instructor' : 'student',
        ...(user?.locale ? { locale: user.locale } : {}),
      };
      this.cache.set(key, { value, expires: this.now() + this.ttlMs });
      return value;
    } catch (error) {
      // Without users.info the member is treated as a student: never more rights than proven.
      this.log(`slack: users.info failed for ${userId}: ${(error as Error).message}`);
      return { displayName: fallbackName || userId, platformRole: 'student' };
    }
  }
}
