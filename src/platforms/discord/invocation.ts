// Who is calling and from which class server, as the core's Invocation. Instructors are members
// with the configured role (by name) or the Manage Server permission; the core still checks every
// instructor command against its own records.
import { PermissionFlagsBits, PermissionsBitField, Routes, type APIRole, type Client, type GuildMember, type APIInteractionGuildMember, type User } from 'discord.js';
import type { ClassroomRef, Invocation, Role } from '../../core/context.ts';

const ROLE_CACHE_MS = 60_000;
const LOCALES_KEPT = 10_000;

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
  private readonly lastLocale = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly instructorRoleName: string,
    private readonly log: (msg: string) => void,
  ) {}

  /** `viaDmOf`: a DM whose messages belong to this class server (decoded from the custom id). */
  async build(source: CallerSource, viaDmOf?: string): Promise<Invocation> {
    const guildId = source.guildId ?? viaDmOf ?? null;
    const classroom: ClassroomRef = guildId
      ? { platform: 'discord', externalId: guildId, ...this.guildName(guildId) }
      : // A command typed straight into a DM, with no class server to tie it to: the member's own room.
        { platform: 'discord', externalId: `dm-${source.user.id}` };
    const role = source.guildId
      ? await this.roleInGuild(source.guildId, source.member, source.permissions)
      : viaDmOf
        ? await this.roleByFetch(viaDmOf, source.user.id)
        : 'student';
    const locale = this.localeOf(source.user.id, source.locale);
    return {
      classroom,
      caller: {
        platformUserId: source.user.id,
        displayName: displayName(source),
        platformRole: role,
        ...(locale ? { locale } : {}),
      },
      ...(source.channelId ? { channelId: source.channelId } : {}),
    };
  }

  private localeOf(userId: string, locale: string | undefined): string | undefined {
    if (!locale) return this.lastLocale.get(userId);
    this.lastLocale.delete(userId);
    this.lastLocale.set(userId, locale);
    if (this.lastLocale.size > LOCALES_KEPT) this.lastLocale.delete(this.lastLocale.keys().next().value!);
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
    if (hit && Date.now() - hit.at < ROLE_CACHE_MS) return hit.roles;
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
