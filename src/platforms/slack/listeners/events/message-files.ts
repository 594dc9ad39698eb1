// A member's message with files, in a channel the bot is in: offered to the attachment listeners
// (the classifier's photo channels), answered in the message's thread.
import type { App } from '@slack/bolt';
import { slackAttachment, type SlackFile } from '../../attachments.ts';
import { serve, type SlackDeps } from '../../request.ts';

interface MessageWithFiles {
  subtype?: string;
  user?: string;
  bot_id?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  files?: SlackFile[];
}

export function registerMessageFiles(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, body, client }) => {
    const message = event as unknown as MessageWithFiles;
    // Edits, deletions and joins carry other subtypes; the bot's own uploads carry bot_id.
    if ((message.subtype && message.subtype !== 'file_share') || message.bot_id || !message.user || !message.files?.length) return;
    const files = message.files;
    await serve(
      deps,
      client,
      { teamId: body.team_id, userId: message.user, channelId: message.channel, threadTs: message.thread_ts ?? message.ts },
      ({ invocation }) =>
        deps.dispatcher.onAttachments(
          invocation,
          files.map((file) => slackAttachment(client, deps.files, file)),
        ),
    );
  });
}
