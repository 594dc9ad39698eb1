// The channel's members for /roster sync: conversations.members, page by page, then users.info
// for each (through the member cache, which also knows admins and owners as instructors). Bots,
// deactivated accounts and the app itself are left out.
import type { webApi } from '@slack/bolt';
import type { MemberDirectory, PlatformMember } from '../../core/context.ts';
import { userError } from '../../core/errors.ts';
import type { MemberDirectory as SlackMembers } from './members.ts';

type WebClient = webApi.WebClient;

/** users.info is Tier 4 (100+ a minute): a few at a time keeps a class of hundreds quick and polite. */
const LOOKUPS_AT_ONCE = 5;
const PAGE = 200;

export function slackChannelDirectory(client: WebClient, members: SlackMembers, teamId: string, channelId: string | undefined): MemberDirectory {
  return {
    async list(): Promise<PlatformMember[]> {
      if (!channelId) throw userError('roster-no-channel', '명단을 채울 채널에서 /roster sync 를 실행해 주세요.', 'Run /roster sync in the class channel.');
      const ids: string[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = await client.conversations.members({ channel: channelId, limit: PAGE, ...(cursor ? { cursor } : {}) });
          ids.push(...(page.members ?? []));
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === 'not_in_channel' || code === 'channel_not_found') {
          throw userError(
            'roster-not-in-channel',
            '이 채널의 멤버를 볼 수 없어요. 먼저 /invite 로 봇을 채널에 초대해 주세요.',
            "I can't see this channel's members. Invite the bot first (/invite).",
          );
        }
        if (code === 'missing_scope') {
          throw userError(
            'roster-missing-scope',
            '앱에 channels:read / groups:read 권한이 없어요. 매니페스트로 앱을 다시 설치해 주세요.',
            'The app lacks the channels:read / groups:read scopes. Reinstall it from the manifest.',
          );
        }
        throw error;
      }
      const found: PlatformMember[] = [];
      for (let i = 0; i < ids.length; i += LOOKUPS_AT_ONCE) {
        const batch = await Promise.all(ids.slice(i, i + LOOKUPS_AT_ONCE).map((id) => members.lookupMember(client, teamId, id)));
        found.push(...batch.filter((m): m is PlatformMember => m !== null));
      }
      return found;
    },
  };
}
