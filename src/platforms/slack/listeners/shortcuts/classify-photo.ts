// The message shortcut "Classify food photo": classify the photo in any message, in any channel,
// through the same command as /predict (the command with a photo option).
import type { App, MessageShortcut } from '@slack/bolt';
import { errorReply } from '../../../../core/reply.ts';
import { isImageType, slackAttachment, type SlackFile } from '../../attachments.ts';
import { serve, type SlackDeps } from '../../request.ts';
import { TEXTS } from '../../texts.ts';

export const CLASSIFY_SHORTCUT_ID = 'classify_food_photo';

export function registerClassifyPhoto(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: CLASSIFY_SHORTCUT_ID, type: 'message_action' }, async ({ ack, shortcut, client }) => {
    await ack();
    const files = ((shortcut.message as { files?: SlackFile[] }).files ?? []);
    const photo = files.find((file) => isImageType(file.mimetype)) ?? files[0];
    const command = deps.dispatcher.commands.find((c) => c.name === 'predict') ?? deps.dispatcher.commands.find((c) => c.options?.some((o) => o.type === 'attachment'));
    const option = command?.options?.find((o) => o.type === 'attachment');
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
        if (!photo || !command || !option) return [errorReply(TEXTS.noPhoto[lang])];
        return deps.dispatcher.runCommand(invocation, command.name, { [option.name]: slackAttachment(client, deps.files, photo) });
      },
    );
  });
}
