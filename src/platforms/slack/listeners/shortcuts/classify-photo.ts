// Message shortcuts ("Classify food photo"): the photo in any message, in any channel, goes to the
// command that offers the shortcut (its surfaces.shortcut), through that command's photo option.
import type { App, MessageShortcut } from '@slack/bolt';
import { attachmentOption, type Command } from '../../../../app/command.ts';
import { errorReply } from '../../../../core/reply.ts';
import { isImageType, slackAttachment, type SlackFile } from '../../attachments.ts';
import { serve, type SlackDeps } from '../../request.ts';
import { TEXTS } from '../../texts.ts';

export function registerClassifyPhoto(app: App, deps: SlackDeps): void {
  for (const command of deps.dispatcher.commands) {
    const callbackId = command.surfaces?.shortcut?.callbackId;
    if (callbackId) registerShortcut(app, deps, command, callbackId);
  }
}

function registerShortcut(app: App, deps: SlackDeps, command: Command, callbackId: string): void {
  const option = attachmentOption(command);
  app.shortcut<MessageShortcut>({ callback_id: callbackId, type: 'message_action' }, async ({ ack, shortcut, client }) => {
    await ack();
    const files = (shortcut.message as { files?: SlackFile[] }).files ?? [];
    const photo = files.find((file) => isImageType(file.mimetype)) ?? files[0];
    await serve(
      deps,
      client,
      {
        teamId: shortcut.team?.id ?? shortcut.user.team_id ?? '',
        userId: shortcut.user.id,
        userName: shortcut.user.name,
        channelId: shortcut.channel.id,
        responseUrl: shortcut.response_url,
        threadTs: shortcut.message.thread_ts ?? shortcut.message_ts,
      },
      async ({ invocation, lang }) => {
        if (!photo || !option) return [errorReply(TEXTS.noPhoto[lang])];
        return deps.dispatcher.runCommand(invocation, command.name, { [option.name]: slackAttachment(client, deps.files, photo) });
      },
    );
  });
}
