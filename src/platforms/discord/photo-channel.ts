// Photos posted in a channel: the dispatcher's attachment listeners (the classifier's photo
// channels) decide whether to answer, and the answer is a reply to the photo's message, so the
// conversation stays attached to the photo without needing thread permissions. Discord only sends
// attachments with the privileged Message Content intent.
import type { Message } from 'discord.js';
import type { Dispatcher } from '../../app/dispatcher.ts';
import { DmClosedError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import { looksLikeImage, toAttachmentRef } from './attachments.ts';
import { sendDm } from './dm.ts';
import type { InvocationFactory } from './invocation.ts';
import { renderReply, type RenderedMessage, type RenderOptions } from './render.ts';

export class PhotoChannelListener {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly invocations: InvocationFactory,
    private readonly render: RenderOptions,
    private readonly log: (msg: string) => void,
    private readonly cdnOrigins: ReadonlySet<string>,
  ) {}

  async handle(message: Message): Promise<void> {
    if (message.author.bot || !message.inGuild()) return;
    const photos = message.attachments.filter((a) => looksLikeImage(a)).map((a) => toAttachmentRef(a, this.cdnOrigins));
    if (photos.length === 0) return;
    const invocation = await this.invocations.build({
      user: message.author,
      guildId: message.guildId,
      member: message.member,
      permissions: message.member?.permissions ?? null,
      channelId: message.channelId,
    });
    const notice = new NoticeMessage(message, (reply) => this.publicBody(reply), this.log);
    invocation.progress = notice.show;
    const replies = await this.dispatcher.onAttachments(invocation, photos);
    for (const reply of replies) {
      if (reply.target === 'update' && (await notice.replaceWith(reply))) continue;
      await this.deliver(message, reply);
    }
  }

  private async deliver(message: Message<true>, reply: Reply): Promise<void> {
    if (reply.target === 'dm') {
      try {
        await sendDm(message.author, renderReply(reply, { ...this.render, dmGuildId: message.guildId }));
      } catch (error) {
        if (!(error instanceof DmClosedError)) throw error;
        this.log(`discord: DMs closed for ${message.author.id}; a photo-channel DM was dropped`);
      }
      return;
    }
    await message.reply({ ...this.publicBody(reply), allowedMentions: { parse: [], repliedUser: false } });
  }

  /** A message reply cannot be ephemeral: "private" answers to a public photo stay in its reply. */
  private publicBody(reply: Reply): Omit<RenderedMessage, 'flags'> {
    const { flags: _ephemeral, ...body } = renderReply(reply, this.render);
    return body;
  }
}

/**
 * Interim word on a photo (its place in the queue) as one reply to it, edited in place, and then
 * replaced by the answer: the photo ends with its answer, not a stale "you're #3".
 */
class NoticeMessage {
  private posted: Promise<Message | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly photo: Message<true>,
    private readonly body: (reply: Reply) => Omit<RenderedMessage, 'flags'>,
    private readonly log: (msg: string) => void,
  ) {}

  /** Posts the notice, or edits the one posted; a failure is logged and never holds up the photo. */
  readonly show = async (reply: Reply): Promise<void> => {
    const previous = this.posted;
    this.posted = previous.then(async (shown) => {
      try {
        return shown ? await shown.edit(this.body(reply)) : await this.photo.reply({ ...this.body(reply), allowedMentions: { parse: [], repliedUser: false } });
      } catch (error) {
        this.log(`discord: a photo notice failed: ${error instanceof Error ? error.message : String(error)}`);
        return shown;
      }
    });
    await this.posted;
  };

  /** Edits the notice into `reply`; false when no notice was shown (the caller posts it instead). */
  async replaceWith(reply: Reply): Promise<boolean> {
    const shown = await this.posted;
    if (!shown) return false;
    await shown.edit(this.body(reply));
    return true;
  }
}
