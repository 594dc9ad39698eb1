// Routes every interaction to the dispatcher: slash commands, the message context menu, button
// and select clicks, and modal submits. Each is answered or deferred within Discord's 3 seconds:
// slow commands are deferred at once, clicks are acknowledged at once (deferUpdate), and any
// other command is deferred if the core has not answered after FAST_ANSWER_MS.
import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { attachmentOption, isSlow, type Args, type Command } from '../../app/command.ts';
import type { Dispatcher } from '../../app/dispatcher.ts';
import type { Invocation } from '../../core/context.ts';
import { UserError } from '../../core/errors.ts';
import { errorReply, type Language, type Reply, type TextPrompt } from '../../core/reply.ts';
import { RecentMap } from '../shared/recent-map.ts';
import { looksLikeImage, toAttachmentRef } from './attachments.ts';
import { messageMenuCommand } from './command-payload.ts';
import { decodeCustomId } from './custom-id.ts';
import type { InvocationFactory } from './invocation.ts';
import { renderModal } from './render.ts';
import { Responder, type AnyInteraction } from './responder.ts';
import { languageOf, texts } from './texts.ts';

/** Commands usually answer in tens of milliseconds; past this, defer rather than risk the 3 s. */
export const FAST_ANSWER_MS = 1_500;
const PROMPTS_KEPT = 5_000;

export class InteractionRouter {
  /** Prompts behind rendered buttons, so a click opens the right modal (bounded, oldest dropped). */
  private readonly prompts = new RecentMap<string, TextPrompt>(PROMPTS_KEPT);

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly invocations: InvocationFactory,
    private readonly log: (msg: string) => void,
    /** The only origins attachments are downloaded from (see discordAttachmentOrigins). */
    private readonly cdnOrigins: ReadonlySet<string>,
  ) {}

  rememberPrompt = (customId: string, prompt: TextPrompt): void => {
    this.prompts.set(customId, prompt);
  };

  async handle(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return this.command(interaction);
    if (interaction.isMessageContextMenuCommand()) return this.contextMenu(interaction);
    if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) return this.action(interaction);
    if (interaction.isRepliable()) {
      await interaction.reply({ ...errorReplyBody(languageOf(interaction.locale)), flags: 64 }).catch((e: unknown) => this.log(`discord: ${String(e)}`));
    }
  }

  /** While the bot stops, new interactions get a private "try again shortly" instead of silence. */
  async refuseWhileStopping(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const body = { embeds: [{ description: texts.restarting[languageOf(interaction.locale)], color: 0xfee75c }] };
    await interaction.reply({ ...body, flags: 64 }).catch((e: unknown) => this.log(`discord: ${String(e)}`));
  }

  private responder(interaction: AnyInteraction, lang: () => Language, dmGuildId?: string): Responder {
    return new Responder(interaction, { rememberPrompt: this.rememberPrompt, ...(dmGuildId ? { dmGuildId } : {}) }, lang, this.log);
  }

  private async command(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = this.dispatcher.command(interaction.commandName);
    const args = argsOf(interaction, this.cdnOrigins);
    await this.run(interaction, command, (invocation) => this.dispatcher.runCommand(invocation, interaction.commandName, args));
  }

  /** A message menu ("Classify food photo"): the first image of that message goes to the command that offers the menu. */
  private async contextMenu(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    const command = messageMenuCommand(this.dispatcher.commands, interaction.commandName);
    const option = command && attachmentOption(command);
    if (!command || !option) {
      return this.run(interaction, undefined, (invocation) => this.dispatcher.runCommand(invocation, interaction.commandName, {}));
    }
    const photo = interaction.targetMessage.attachments.find((a) => looksLikeImage(a));
    if (!photo) {
      const lang = (): Language => languageOf(interaction.locale);
      const responder = this.responder(interaction, lang);
      await responder.deliver([errorReply(texts.noImageOnMessage[lang()])]).catch((e: unknown) => responder.logFailure('the no-photo reply', e));
      return;
    }
    await this.run(interaction, command, (invocation) =>
      this.dispatcher.runCommand(invocation, command.name, { [option.name]: toAttachmentRef(photo, this.cdnOrigins) }),
    );
  }

  private async action(interaction: Extract<AnyInteraction, { customId: string }>): Promise<void> {
    const decoded = decodeCustomId(interaction.customId);
    const lang = (): Language => languageOf(interaction.locale);
    if (decoded.opensPrompt && !interaction.isModalSubmit()) {
      // A modal must be the first response: show it now, run the action when it is submitted.
      const prompt = this.prompts.get(interaction.customId) ?? { title: texts.promptTitle[lang()], label: texts.promptLabel[lang()], multiline: true };
      await interaction.showModal(renderModal(interaction.customId, prompt)).catch((e: unknown) => this.log(`discord: showModal failed: ${String(e)}`));
      return;
    }
    const responder = this.responder(interaction, lang, decoded.guildId);
    const acknowledged = interaction.isModalSubmit() && !interaction.isFromMessage() ? responder.deferReply(true) : responder.deferUpdate();
    acknowledged.catch((error: unknown) => responder.logFailure('acknowledging a click', error));
    const input = interaction.isStringSelectMenu()
      ? { values: interaction.values }
      : interaction.isModalSubmit()
        ? { text: interaction.fields.getTextInputValue('text') }
        : {};
    await this.execute(interaction, responder, acknowledged, decoded.guildId, (invocation) => this.dispatcher.runAction(invocation, decoded.actionId, input));
  }

  private async run(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    command: Command | undefined,
    work: (invocation: Invocation) => Promise<Reply[]>,
  ): Promise<void> {
    const lang = (): Language => languageOf(interaction.locale);
    const responder = this.responder(interaction, lang);
    const privately = command?.requiredRole === 'instructor';
    const slow = command && (isSlow(command) || interaction.isMessageContextMenuCommand());
    const acknowledged = slow ? responder.deferReply(privately) : delay(FAST_ANSWER_MS).then(() => responder.deferReply(privately));
    acknowledged.catch((error: unknown) => responder.logFailure('deferring', error));
    await this.execute(interaction, responder, slow ? acknowledged : Promise.resolve(), undefined, work, (invocation) => {
      invocation.progress = (reply) => responder.progress(reply, privately);
    });
  }

  private async execute(
    interaction: AnyInteraction,
    responder: Responder,
    acknowledged: Promise<void>,
    dmGuildId: string | undefined,
    work: (invocation: Invocation) => Promise<Reply[]>,
    extend?: (invocation: Invocation) => void,
  ): Promise<void> {
    try {
      const invocation = await this.invocations.build(
        {
          user: interaction.user,
          guildId: interaction.guildId,
          member: interaction.member,
          permissions: interaction.memberPermissions,
          locale: interaction.locale,
          channelId: interaction.channelId,
        },
        interaction.inGuild() ? undefined : dmGuildId,
      );
      extend?.(invocation);
      // The adapter's own words follow the language the member chose in the class, once known.
      invocation.onResolved = (caller) => responder.useLanguage(caller.language);
      const replies = await work(invocation);
      await acknowledged;
      await responder.deliver(replies);
    } catch (error) {
      // A member's mistake the adapter itself finds (a command in a DM it can't place) is theirs to read.
      if (error instanceof UserError) {
        await acknowledged.catch(() => undefined);
        await responder.deliver([errorReply(error.text[responder.language()])]).catch((e: unknown) => responder.logFailure('the error reply', e));
        return;
      }
      responder.logFailure(`interaction ${interaction.id}`, error);
      await responder.deliver([errorReply(texts.failed[responder.language()])]).catch((e: unknown) => responder.logFailure('the error reply', e));
    }
  }
}

function errorReplyBody(lang: Language): { embeds: { description: string; color: number }[] } {
  return { embeds: [{ description: texts.failed[lang], color: 0xed4245 }] };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Reads the options Discord resolved into the core's Args (users by id, files as AttachmentRefs). */
function argsOf(interaction: ChatInputCommandInteraction, cdnOrigins: ReadonlySet<string>): Args {
  const args: Args = {};
  let options: readonly CommandInteractionOption[] = interaction.options.data;
  const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (sub) {
    args.subcommand = sub.name;
    options = sub.options ?? [];
  }
  for (const option of options) {
    if (option.type === ApplicationCommandOptionType.Attachment && option.attachment) args[option.name] = toAttachmentRef(option.attachment, cdnOrigins);
    else if (option.type === ApplicationCommandOptionType.User) args[option.name] = String(option.value);
    else if (option.value !== undefined) args[option.name] = option.value as string | number;
  }
  return args;
}
