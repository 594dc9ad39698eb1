// Who is calling and from which class server, as the core's Invocation. Instructors are members
// with the configured role (by name) or the Manage Server permission; the core still checks every
// instructor command against its own records.
import {
  PermissionFlagsBits,
  PermissionsBitField,
  Routes,
  type APIRole,
  type Client,
  type GuildMember,
  type APIInteractionGuildMember,
  type User,
} from 'discord.js';
import type { ClassroomRef, Invocation, Role } from '../../core/context.ts';
import { userError } from '../../core/errors.ts';
import { RecentMap } from '../shared/recent-map.ts';
import { discordMemberDirectory } from './member-directory.ts';

/** How long a REST answer about a server's roles or a member's servers is trusted. */
const LOOKUP_CACHE_MS = 60_000;
/** Servers asked about a member who types a command in a DM; a class bot is in a handful. */
const SERVERS_ASKED = 25;
/** Members whose locale and class server are remembered. */
const MEMBERS_KEPT = 10_000;

export interface CallerSource {
  user: User;
  guildId: string | null;
  /** The member as the interaction or message carries it (cached GuildMember or raw API member). */
  member: GuildMember | APIInteractionGuildMember | null;
  /** Permissions Discord computed for the member in this channel (interactions only). */
  permissions: Readonly<PermissionsBitField> | null;
  locale?: string;
  channelId: string | null;
}

export class InvocationFactory {
  private readonly roleCache = new Map<string, { at: number; roles: APIRole[] }>();
  /** Messages carry no locale: use the one the member's client last sent with an interaction. */
  private readonly lastLocale = new RecentMap<string, string>(MEMBERS_KEPT);
  /** The class server of members who type commands in a DM, looked up once a minute at most. */
  private readonly homeServer = new RecentMap<string, { at: number; guildIds: string[] }>(MEMBERS_KEPT);

  constructor(
    private readonly client: Client,
    private readonly instructorRoleName: string,
    private readonly log: (msg: string) => void,
    /** The Server Members intent is on, so the server's member list can be read (/roster sync). */
    private readonly guildMembersIntent = false,
  ) {}

  /** `viaDmOf`: a DM whose messages belong to this class server (decoded from the custom id). */
  async build(source: CallerSource, viaDmOf?: string): Promise<Invocation> {
    const locale = this.localeOf(source.user.id, source.locale);
    // A command typed straight into a DM belongs to the member's class server: their quiz and
    // points must count in the class, not in a room of their own nobody else can see.
    const guildId = source.guildId ?? viaDmOf ?? (await this.classServerOf(source.user.id));
    const classroom: ClassroomRef = { platform: 'discord', externalId: guildId, ...this.guildName(guildId) };
    const role = source.guildId ? await this.roleInGuild(source.guildId, source.member, source.permissions) : await this.roleByFetch(guildId, source.user.id);
    return {
      classroom,
      caller: {
        platformUserId: source.user.id,
        displayName: displayName(source),
        platformRole: role,
        ...(locale ? { locale } : {}),
      },
      ...(source.channelId ? { channelId: source.channelId } : {}),
      ...(source.guildId ? {} : { direct: true }),
      members: discordMemberDirectory(this.client, guildId, this.instructorRoleName, this.guildMembersIntent),
    };
  }

  /** The one server the bot shares with this member; none or several can't be guessed, so say so. */
  private async classServerOf(userId: string): Promise<string> {
    let hit = this.homeServer.get(userId);
    if (!hit || Date.now() - hit.at > LOOKUP_CACHE_MS) {
      const guildIds: string[] = [];
      for (const guildId of [...this.client.guilds.cache.keys()].slice(0, SERVERS_ASKED)) {
        try {
          await this.client.rest.get(Routes.guildMember(guildId, userId));
          guildIds.push(guildId);
          if (guildIds.length > 1) break;
        } catch {
          // Not a member there (404), or the server is unavailable: not this member's class.
        }
      }
      hit = { at: Date.now(), guildIds };
      this.homeServer.set(userId, hit);
    }
    if (hit.guildIds.length === 1) return hit.guildIds[0]!;
    const several = hit.guildIds.length > 1;
    throw userError(
      'dm-which-class',
      several
        ? '여러 수업 서버에 함께 있어서 어느 수업의 기록인지 알 수 없어요. 수업 서버의 채널에서 명령을 실행해 주세요.'
        : '저와 함께 있는 수업 서버를 찾지 못했어요. 수업 서버의 채널에서 명령을 실행해 주세요.',
      several
        ? "You're in several class servers with me, so I can't tell which class this is for. Please run the command in your class server's channel."
        : "I couldn't find a class server we share. Please run the command in your class server's channel.",
    );
  }

  private localeOf(userId: string, locale: string | undefined): string | undefined {
    if (!locale) return this.lastLocale.get(userId);
    this.lastLocale.set(userId, locale);
    return locale;
  }

  private guildName(guildId: string): { name?: string } {
    const name = this.client.guilds.cache.get(guildId)?.name;
    return name ? { name } : {};
  }

  private async roleInGuild(guildId: string, member: CallerSource['member'], permissions: CallerSource['permissions']): Promise<Role> {
    const perms = permissions ?? (member && 'permissions' in member && typeof member.permissions !== 'string' ? member.permissions : null);
    if (perms?.has(PermissionFlagsBits.ManageGuild)) return 'instructor';
    const roleIds = member ? (Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]) : [];
    if (roleIds.length === 0) return 'student';
    const roles = await this.rolesOf(guildId);
    return roles.some((r) => roleIds.includes(r.id) && r.name.toLowerCase() === this.instructorRoleName.toLowerCase()) ? 'instructor' : 'student';
  }

  /** In a DM Discord sends no member: ask the class server who this is. */
  private async roleByFetch(guildId: string, userId: string): Promise<Role> {
    try {
      const member = (await this.client.rest.get(Routes.guildMember(guildId, userId))) as { roles: string[] };
      const roles = await this.rolesOf(guildId);
      const mine = roles.filter((r) => r.id === guildId || member.roles.includes(r.id));
      const bits = mine.reduce((sum, r) => sum | BigInt(r.permissions), 0n);
      const perms = new PermissionsBitField(bits);
      if (perms.has(PermissionFlagsBits.ManageGuild)) return 'instructor';
      return mine.some((r) => r.name.toLowerCase() === this.instructorRoleName.toLowerCase()) ? 'instructor' : 'student';
    } catch (error) {
      this.log(`discord: could not look up member ${userId} of guild ${guildId} for a DM: ${String(error)}`);
      return 'student';
    }
  }

  private async rolesOf(guildId: string): Promise<APIRole[]> {
    const cached = this.client.guilds.cache.get(guildId);
    if (cached) return cached.roles.cache.map((r) => ({ id: r.id, name: r.name, permissions: r.permissions.bitfield.toString() }) as APIRole);
    const hit = this.roleCache.get(guildId);
    if (hit && Date.now() - hit.at < LOOKUP_CACHE_MS) return hit.roles;
    const roles = (await this.client.rest.get(Routes.guildRoles(guildId))) as APIRole[];
    this.roleCache.set(guildId, { at: Date.now(), roles });
    return roles;
  }
}

function displayName(source: CallerSource): string {
  const member = source.member;
  const nick = member ? ('displayName' in member ? member.displayName : member.nick) : null;
  return nick || source.user.globalName || source.user.username;
}
