// Answers one interaction through Discord's rules: one first response (reply, defer, update or a
// modal) within 3 seconds, then edits and follow-ups on the 15-minute token. Work is queued, so a
// deferral, progress edits and the final replies never race each other.
import {
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { DmClosedError } from '../../core/errors.ts';
import type { Language, Reply } from '../../core/reply.ts';
import { sendDm } from './dm.ts';
import { renderReply, type RenderedMessage, type RenderOptions } from './render.ts';
import { texts } from './texts.ts';

export type AnyInteraction =
  | ChatInputCommandInteraction
  | MessageContextMenuCommandInteraction
  | ButtonInteraction
  | StringSelectMenuInteraction
  | ModalSubmitInteraction;

type State = 'fresh' | 'deferred-reply' | 'deferred-update' | 'answered';

export class Responder {
  private state: State = 'fresh';
  private deferredPrivate = false;
  /** Whether the deferred "thinking…" message has been filled in yet. */
  private placeholderFilled = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly interaction: AnyInteraction,
    private readonly render: RenderOptions,
    private readonly lang: () => Language,
    private readonly log: (msg: string) => void,
  ) {}

  /** The member's chosen language, once the classroom knows it; until then their client's. */
  private chosen: Language | undefined;

  useLanguage(lang: Language): void {
    this.chosen = lang;
  }

  language(): Language {
    return this.chosen ?? this.lang();
  }

  /** Queues `work` after everything already queued; errors are logged, never swallowed silently. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The "thinking…" state for a command: later replies fill it in. */
  deferReply(privately: boolean): Promise<void> {
    return this.enqueue(async () => {
      if (this.state !== 'fresh') return;
      await this.interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
      this.state = 'deferred-reply';
      this.deferredPrivate = privately;
    });
  }

  /** A click acknowledged without changing the message yet. */
  deferUpdate(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state !== 'fresh') return;
      if (this.interaction.isChatInputCommand() || this.interaction.isMessageContextMenuCommand()) throw new Error('commands have no message to update');
      await this.interaction.deferUpdate();
      this.state = 'deferred-update';
    });
  }

  get answered(): boolean {
    return this.state !== 'fresh';
  }

  /**
   * Progress on a deferred command: edits the placeholder in place. A failed edit (an expired
   * token, a network blip) is logged and never stops the work it reports on.
   */
  progress(reply: Reply, privately: boolean): Promise<void> {
    return this.deferReply(privately)
      .then(() => this.enqueue(async () => void (await this.interaction.editReply(this.body(reply)))))
      .catch((error: unknown) => this.logFailure('a progress edit', error));
  }

  /** Delivers the core's replies in order, each to its target. */
  deliver(replies: Reply[]): Promise<void> {
    return this.enqueue(async () => {
      let sentSomethingHere = false;
      let sentToDm = false;
      // Said here once a DM has arrived; a DM that failed says why instead, never "sent".
      const dmNotes: string[] = [];
      for (const reply of replies) {
        if (reply.target === 'dm' && this.interaction.inGuild()) {
          try {
            await sendDm(this.interaction.user, renderReply(reply, { ...this.render, dmGuildId: this.interaction.guildId }));
            sentToDm = true;
            if (reply.dmNote) dmNotes.push(reply.dmNote);
          } catch (error) {
            if (!(error instanceof DmClosedError)) throw error;
            await this.here({ blocks: [{ kind: 'text', text: texts.dmsClosed[this.language()] }], tone: 'warning', private: true, target: 'reply' });
            sentSomethingHere = true;
          }
          continue;
        }
        await this.hereOrAfterExpiry(reply);
        sentSomethingHere = true;
      }
      if (dmNotes.length) {
        await this.here({ blocks: [{ kind: 'text', text: dmNotes.join('\n') }], tone: 'info', private: true, target: 'reply' });
        sentSomethingHere = true;
      }
      if (!sentSomethingHere) await this.acknowledgeQuietly(sentToDm);
    });
  }

  /**
   * An interaction's token lives 15 minutes. Work that outlasts it (a long training run) still
   * arrives: privately by DM, or publicly as a plain message in the channel.
   */
  private async hereOrAfterExpiry(reply: Reply): Promise<void> {
    try {
      await this.here(reply);
    } catch (error) {
      const expired =
        error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownWebhook || error.code === RESTJSONErrorCodes.InvalidWebhookToken);
      if (!expired) throw error;
      this.log(`discord: the token of interaction ${this.interaction.id} expired; delivering ${reply.private ? 'by DM' : 'in the channel'}`);
      const dmGuildId = this.interaction.guildId ?? this.render.dmGuildId;
      if (reply.private || !this.interaction.channel?.isSendable()) {
        await sendDm(this.interaction.user, renderReply(reply, { ...this.render, ...(dmGuildId ? { dmGuildId } : {}) }));
      } else {
        const { flags: _ephemeral, ...body } = this.body(reply);
        await this.interaction.channel.send(body);
      }
    }
  }

  /** A reply in the place of the interaction: update the clicked message, or answer/follow up. */
  private async here(reply: Reply): Promise<void> {
    const interaction = this.interaction;
    const updatable =
      interaction.isButton() || interaction.isStringSelectMenu()
        ? interaction
        : interaction.isModalSubmit() && interaction.isFromMessage()
          ? interaction
          : null;
    // Only update a message the clicker alone sees, or when the reply is for everyone: a private
    // page must never replace the shared lesson message in front of the class.
    const mayUpdate =
      updatable && reply.target === 'update' && (!reply.private || updatable.message.flags.has(MessageFlags.Ephemeral) || !interaction.inGuild());
    if (updatable && mayUpdate) {
      const body = { ...this.body(reply), flags: undefined };
      if (this.state === 'fresh') {
        await updatable.update(body);
        this.state = 'answered';
      } else {
        await updatable.editReply(body);
      }
      return;
    }
    const body = this.body(reply);
    if (this.state === 'fresh') {
      await interaction.reply(body);
      this.state = 'answered';
    } else if (this.state === 'deferred-reply' && !this.placeholderFilled) {
      this.placeholderFilled = true;
      if ((reply.private === true) !== this.deferredPrivate) {
        // A "thinking…" can't change who sees it (a public one can't turn private, nor a private one
        // public, e.g. an instructor's leaderboard that took longer than the quick answer allows):
        // remove it and answer with the visibility the reply asks for.
        await interaction.deleteReply();
        await interaction.followUp(body);
      } else {
        await interaction.editReply({ ...body, flags: undefined });
      }
    } else {
      await interaction.followUp(body);
    }
  }

  /** Everything went to the member's DMs (or nowhere): the interaction itself still needs an answer. */
  private async acknowledgeQuietly(sentToDm: boolean): Promise<void> {
    const text = (sentToDm ? texts.sentToDm : texts.done)[this.language()];
    const note: Reply = { blocks: [{ kind: 'text', text }], tone: 'info', private: true, target: 'reply' };
    if (this.state === 'fresh' || (this.state === 'deferred-reply' && !this.placeholderFilled)) await this.here(note);
  }

  private body(reply: Reply): RenderedMessage {
    const dmGuildId = this.interaction.inGuild() ? undefined : this.render.dmGuildId;
    return renderReply(reply, { ...this.render, ...(dmGuildId ? { dmGuildId } : {}) });
  }

  /** Waits for everything queued so far (tests and shutdown). */
  async settled(): Promise<void> {
    await this.queue;
  }

  logFailure(what: string, error: unknown): void {
    this.log(`discord: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
