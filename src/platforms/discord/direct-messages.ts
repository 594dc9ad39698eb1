// Messages a member types in their DM with the bot. Discord sends DM text without the privileged
// Message Content intent (only the Direct Messages intent), and every one gets an answer in the DM:
// the core's direct-text listener says what to type, or takes a quiz letter.
import type { Message } from 'discord.js';
import type { Dispatcher } from '../../app/dispatcher.ts';
import { UserError } from '../../core/errors.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import type { InvocationFactory } from './invocation.ts';
import { renderReply, type RenderOptions } from './render.ts';

export class DirectMessageListener {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly invocations: InvocationFactory,
    private readonly render: RenderOptions,
  ) {}

  async handle(message: Message): Promise<void> {
    if (message.author.bot || message.inGuild() || !message.channel.isSendable()) return;
    let replies: Reply[];
    let guildId: string | undefined;
    try {
      const invocation = await this.invocations.build({ user: message.author, guildId: null, member: null, permissions: null, channelId: message.channelId });
      guildId = invocation.classroom.externalId;
      replies = await this.dispatcher.onDirectText(invocation, message.content);
    } catch (error) {
      // No class server to count it in (none shared, or several): say so, in both languages, since
      // a message carries no locale and there is no member to have chosen one.
      if (!(error instanceof UserError)) throw error;
      replies = [errorReply(`${error.text.ko}\n${error.text.en}`)];
    }
    for (const reply of replies) {
      // Buttons in a DM carry the class server, so a click counts in the right class.
      const { flags: _ephemeralMeansNothingInDms, ...body } = renderReply(reply, { ...this.render, ...(guildId ? { dmGuildId: guildId } : {}) });
      await message.channel.send(body);
    }
  }
}
