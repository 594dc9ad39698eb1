// What members do, turned into the gateway events Discord would send: slash commands, clicks,
// select menus, modal submits, the message context menu, and messages with photos.
import { DiscordDouble, type InteractionRecord } from './double.ts';
import {
  attachmentJson,
  DEFAULT_MEMBER_PERMISSIONS,
  channelJson,
  memberJson,
  messageJson,
  type DoubleChannel,
  type DoubleGuild,
  type Json,
  type Person,
  type StoredFile,
  type StoredMessage,
} from './model.ts';
import { randomToken, snowflake } from './snowflake.ts';

export interface Upload {
  filename: string;
  contentType: string;
  data: Uint8Array;
  /** What Discord claims the size is (a 30 MB photo without sending 30 MB). */
  declaredSize?: number;
}

export type OptionInput = string | number | { user: Person } | { upload: Upload };

/** Where an interaction happens: a guild channel, or the member's DM with the bot. */
export type Place = { guild: DoubleGuild; channel: DoubleChannel } | { dm: true };

const OPTION_TYPE = { string: 3, integer: 4, user: 6, attachment: 11, subcommand: 1 } as const;

export class TestDiscord extends DiscordDouble {
  /** `/name options...`; `subcommand` in options becomes a subcommand option. */
  slash(person: Person, place: Place, name: string, options: Record<string, OptionInput> = {}): InteractionRecord {
    const resolved: Json = {};
    const attachments: Json = {};
    const users: Json = {};
    const members: Json = {};
    const list: Json[] = [];
    for (const [key, value] of Object.entries(options)) {
      if (key === 'subcommand') continue;
      if (typeof value === 'string') list.push({ name: key, type: OPTION_TYPE.string, value });
      else if (typeof value === 'number') list.push({ name: key, type: OPTION_TYPE.integer, value });
      else if ('user' in value) {
        list.push({ name: key, type: OPTION_TYPE.user, value: value.user.user.id });
        users[value.user.user.id] = value.user.user;
        if ('guild' in place) {
          const { user: _user, ...member } = memberJson(value.user, place.guild);
          members[value.user.user.id] = member;
        }
      } else {
        const stored = this.uploadToCdn(value.upload);
        list.push({ name: key, type: OPTION_TYPE.attachment, value: stored.id });
        attachments[stored.id] = { ...attachmentJson(stored, 'ephemeral', this.cdnBase), ephemeral: true };
      }
    }
    if (Object.keys(attachments).length) resolved.attachments = attachments;
    if (Object.keys(users).length) resolved.users = users;
    if (Object.keys(members).length) resolved.members = members;
    const subcommand = options.subcommand;
    const registered = this.commandId(name);
    const data: Json = {
      id: registered,
      name,
      type: 1,
      options: typeof subcommand === 'string' ? [{ name: subcommand, type: OPTION_TYPE.subcommand, options: list }] : list,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
    return this.interact(person, place, 2, data);
  }

  /** A click on a button of `message`, as the member sees it now. */
  click(person: Person, message: StoredMessage, customId: string): InteractionRecord {
    const button = this.component(message, customId);
    if (button.type !== 2) throw new Error(`${customId} is not a button`);
    if (button.disabled) throw new Error(`button ${customId} is disabled; Discord would not let anyone click it`);
    return this.interact(person, this.placeOf(message), 3, { custom_id: customId, component_type: 2 }, message);
  }

  select(person: Person, message: StoredMessage, customId: string, values: string[]): InteractionRecord {
    const menu = this.component(message, customId);
    if (menu.type !== 3) throw new Error(`${customId} is not a select menu`);
    const allowed = (menu.options as Json[]).map((o) => o.value);
    for (const value of values) if (!allowed.includes(value)) throw new Error(`${value} is not an option of ${customId}`);
    return this.interact(person, this.placeOf(message), 3, { custom_id: customId, component_type: 3, values }, message);
  }

  /** Fills in and submits the modal the bot opened for `opened`. */
  submitModal(person: Person, opened: InteractionRecord, text: string): InteractionRecord {
    const modal = opened.modal;
    if (!modal) throw new Error(`interaction ${opened.id} opened no modal`);
    const components = (modal.components as Json[]).map((top) => {
      if (top.type === 18) {
        const input = top.component as Json;
        return { type: 18, id: top.id ?? 1, component: { type: 4, id: input.id ?? 2, custom_id: input.custom_id, value: text } };
      }
      const [input] = top.components as Json[];
      return { type: 1, id: top.id ?? 1, components: [{ type: 4, id: input!.id ?? 2, custom_id: input!.custom_id, value: text }] };
    });
    const message = opened.payload.message ? this.messages.get(String((opened.payload.message as Json).id)) : undefined;
    const place = message ? this.placeOf(message) : this.placeOfInteraction(opened);
    return this.interact(person, place, 5, { custom_id: modal.custom_id, components }, message);
  }

  /** The message context menu (Apps > name) on `target`. */
  contextMenu(person: Person, target: StoredMessage, name: string): InteractionRecord {
    const data: Json = {
      id: this.commandId(name),
      name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: messageJson(target, this.cdnBase) } },
    };
    return this.interact(person, this.placeOf(target), 2, data);
  }

  /** A member posts a message (with photos) in a guild channel: MESSAGE_CREATE. */
  post(person: Person, guild: DoubleGuild, channel: DoubleChannel, content: string, uploads: Upload[] = []): StoredMessage {
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channel.id,
      guild_id: guild.id,
      author: person.user,
      content,
      embeds: [],
      components: [],
      attachments: uploads.map((u) => this.uploadToCdn(u)),
      flags: 0,
      timestamp: new Date().toISOString(),
      editCount: 0,
    };
    this.messages.set(message.id, message);
    const { user: _user, ...member } = memberJson(person, guild);
    const intents = this.gatewayIntents ?? 0;
    // Guild messages reach only a bot with the Guild Messages intent, and without the privileged
    // Message Content intent Discord blanks their content, embeds and attachments.
    if ((intents & (1 << 9)) === 0) return message;
    const privileged = (intents & (1 << 15)) !== 0;
    const payload = messageJson(message, this.cdnBase);
    this.dispatch('MESSAGE_CREATE', {
      ...payload,
      ...(privileged ? {} : { content: '', attachments: [], embeds: [] }),
      member,
    });
    return message;
  }

  /**
   * A member types a message in their DM with the bot: MESSAGE_CREATE, sent only to a bot with the
   * Direct Messages intent. DM content reaches a bot without the privileged Message Content intent.
   */
  dm(person: Person, content: string): StoredMessage {
    const channel = this.dmChannelOf(person) ?? { id: snowflake(), type: 1, recipient: person.user };
    this.channels.set(channel.id, channel);
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channel.id,
      author: person.user,
      content,
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      timestamp: new Date().toISOString(),
      editCount: 0,
    };
    this.messages.set(message.id, message);
    // Discord adds channel_type to MESSAGE_CREATE; discord.js needs it to build a DM channel it hasn't cached.
    if (((this.gatewayIntents ?? 0) & (1 << 12)) !== 0) this.dispatch('MESSAGE_CREATE', { ...messageJson(message, this.cdnBase), channel_type: 1 });
    return message;
  }

  /** A message the bot posted before (a previous run): its buttons may mean nothing any more. */
  seedBotMessage(channel: DoubleChannel, body: { content?: string; embeds?: Json[]; components?: Json[] }): StoredMessage {
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channel.id,
      ...(channel.guild_id ? { guild_id: channel.guild_id } : {}),
      author: this.bot,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: [],
      flags: 0,
      timestamp: new Date().toISOString(),
      editCount: 0,
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** A DM-closed member, a missing file, a one-off fault: knobs for the bad-input tests. */
  failOnce(method: string, route: string, status: number, body: Json, headers?: Record<string, string>): void {
    this.faults.push({ match: (m, r) => m === method && r === route, status, body, ...(headers ? { headers } : {}) });
  }

  // ---- reading what the bot did ------------------------------------------------------------

  original(record: InteractionRecord): StoredMessage | undefined {
    return record.originalId ? this.messages.get(record.originalId) : undefined;
  }

  followUps(record: InteractionRecord): StoredMessage[] {
    return record.followUpIds.map((id) => this.messages.get(id)!).filter((m) => !m.deleted);
  }

  /**
   * Waits until the interaction is answered in its place: the original response complete (not a
   * "thinking…" placeholder), or — when the bot deferred and then removed the placeholder because
   * the answer's visibility differs (a quick command that passed FAST_ANSWER_MS on a busy machine)
   * — the follow-up that took its place.
   */
  async answered(record: InteractionRecord, check: (m: StoredMessage) => boolean = () => true, timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(
      () => {
        const message = this.original(record);
        if (message?.deleted) return this.followUps(record).find(check);
        return message && (message.flags & (1 << 7)) === 0 && (record.callbacks[0] !== 6 || message.editCount > 0) && check(message) ? message : undefined;
      },
      () =>
        `an answer to interaction ${record.id} (${String((record.payload.data as Json).name ?? (record.payload.data as Json).custom_id)}) ${this.trace(record)}`,
      timeoutMs,
    );
  }

  async followUp(record: InteractionRecord, check: (m: StoredMessage) => boolean = () => true, timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(
      () => this.followUps(record).find(check),
      () => `a follow-up to interaction ${record.id} ${this.trace(record)}`,
      timeoutMs,
    );
  }

  /** What the bot did with an interaction so far, for a timeout's message. */
  trace(record: InteractionRecord): string {
    const token = encodeURIComponent(record.token);
    const calls = this.calls
      .filter((c) => c.path.includes(token) || c.path.includes(record.id))
      .map((c) => `${c.method} ${c.route} -> ${c.status} at +${c.at - record.createdAt} ms`);
    return `(calls: ${calls.join('; ') || 'none'})`;
  }

  // ---- internals -----------------------------------------------------------------------------

  private commandId(name: string): string {
    for (const commands of this.registered.values()) {
      const found = commands.find((c) => c.name === name);
      if (found) return String(found.id);
    }
    return snowflake();
  }

  private component(message: StoredMessage, customId: string): Json {
    for (const row of message.components) {
      for (const child of (row.components as Json[] | undefined) ?? []) if (child.custom_id === customId) return child;
    }
    throw new Error(`message ${message.id} has no component ${customId}`);
  }

  private placeOf(message: StoredMessage): Place {
    const channel = this.channels.get(message.channel_id)!;
    if (channel.type === 1) return { dm: true };
    return { guild: this.guilds.get(channel.guild_id!)!, channel };
  }

  private placeOfInteraction(record: InteractionRecord): Place {
    if (!record.guildId) return { dm: true };
    return { guild: this.guilds.get(record.guildId)!, channel: this.channels.get(record.channelId)! };
  }

  private interact(person: Person, place: Place, type: number, data: Json, message?: StoredMessage): InteractionRecord {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomToken()}`;
    let channel: DoubleChannel;
    const where: Json = {};
    if ('guild' in place) {
      channel = place.channel;
      where.guild_id = place.guild.id;
      where.guild = { id: place.guild.id, locale: 'en-US', features: [] };
      where.guild_locale = 'en-US';
      where.member = memberJson(person, place.guild);
      where.context = 0;
      where.authorizing_integration_owners = { '0': place.guild.id };
      where.app_permissions = DEFAULT_MEMBER_PERMISSIONS;
    } else {
      channel = this.dmChannelOf(person) ?? { id: snowflake(), type: 1, recipient: person.user };
      this.channels.set(channel.id, channel);
      where.user = person.user;
      where.context = 1;
      where.authorizing_integration_owners = { '0': '0' };
      where.app_permissions = '0';
    }
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      ...where,
      channel_id: channel.id,
      channel: channelJson(channel),
      token,
      version: 1,
      locale: person.locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      ...(message ? { message: messageJson(message, this.cdnBase) } : {}),
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      payload,
      person,
      channelId: channel.id,
      ...('guild' in place ? { guildId: place.guild.id } : {}),
      createdAt: Date.now(),
      callbacks: [],
      followUpIds: [],
    };
    this.interactions.set(id, record);
    this.dispatch('INTERACTION_CREATE', payload);
    return record;
  }
}

export type { StoredFile };
