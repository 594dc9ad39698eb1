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
import { renderReply, type RenderOptions } from './render.ts';

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
    const replies = await this.dispatcher.onAttachments(invocation, photos);
    for (const reply of replies) await this.deliver(message, reply);
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
    // A message reply cannot be ephemeral: "private" answers to a public photo stay in its reply.
    const { flags: _ephemeral, ...body } = renderReply(reply, this.render);
    await message.reply({ ...body, allowedMentions: { parse: [], repliedUser: false } });
  }
}
