// The class server's members for /roster sync, through discord.js's guild.members.fetch() (the
// gateway's Request Guild Members). Listing every member needs the privileged Server Members
// intent (DISCORD_GUILD_MEMBERS=true and the portal switch); without it the instructor is told so.
import { PermissionFlagsBits, type Client } from 'discord.js';
import type { MemberDirectory, PlatformMember } from '../../core/context.ts';
import { userError } from '../../core/errors.ts';

/** A class server answers in a few chunks; past this the gateway is not answering. */
const FETCH_TIMEOUT_MS = 30_000;

export function discordMemberDirectory(client: Client, guildId: string, instructorRoleName: string, intentOn: boolean): MemberDirectory {
  return {
    async list({ role }): Promise<PlatformMember[]> {
      if (!intentOn) {
        throw userError(
          'roster-intent-off',
          '서버 멤버 목록을 읽으려면 개발자 포털의 Bot → Server Members Intent를 켜고 DISCORD_GUILD_MEMBERS=true 로 봇을 다시 시작해야 해요. 아니면 /roster import 로 CSV 명단을 올려 주세요.',
          "Reading the server's members needs the Server Members Intent: turn it on under Bot in the Developer Portal and restart the bot with DISCORD_GUILD_MEMBERS=true. Or upload a CSV roster with /roster import.",
        );
      }
      const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
      // Fresh roles: one made since the bot connected is not in the cache yet.
      const roles = role ? await guild.roles.fetch() : guild.roles.cache;
      const wanted = role
        ? roles.find((r) => r.id === role.replace(/^<@&|>$/g, '') || r.name.toLowerCase() === role.replace(/^@/, '').toLowerCase())
        : undefined;
      if (role && !wanted) {
        throw userError('roster-unknown-role', `이 서버에 "${role.slice(0, 40)}" 역할이 없어요.`, `This server has no role "${role.slice(0, 40)}".`);
      }
      let members: Awaited<ReturnType<typeof guild.members.fetch>>;
      try {
        members = await guild.members.fetch({ time: FETCH_TIMEOUT_MS });
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'GuildMembersTimeout') throw error;
        throw userError(
          'roster-fetch-timeout',
          '디스코드가 멤버 목록을 보내지 않았어요. Server Members Intent가 켜져 있는지 확인해 주세요.',
          "Discord didn't send the member list. Check that the Server Members Intent is on.",
        );
      }
      const instructorRole = instructorRoleName.toLowerCase();
      return [...members.values()]
        .filter((m) => !m.user.bot && (!wanted || m.roles.cache.has(wanted.id)))
        .map((m) => ({
          platformUserId: m.id,
          displayName: m.displayName || m.user.globalName || m.user.username,
          role:
            m.permissions.has(PermissionFlagsBits.ManageGuild) || m.roles.cache.some((r) => r.name.toLowerCase() === instructorRole) ? 'instructor' : 'student',
        }));
    },
  };
}
