// Text a member types in their DM with the bot (the app's Messages tab): the `message.im` event.
// Every such message gets an answer there from the core's direct-text listener, never silence.
import type { App } from '@slack/bolt';
import { serve, type SlackDeps } from '../../request.ts';

interface DirectMessage {
  subtype?: string;
  user?: string;
  bot_id?: string;
  channel: string;
  channel_type?: string;
  text?: string;
  files?: unknown[];
}

export function registerDirectMessages(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, body, client }) => {
    const message = event as unknown as DirectMessage;
    // Only a member's own plain message in a DM: the bot's posts carry bot_id, edits and joins a subtype.
    if (message.channel_type !== 'im' || message.subtype || message.bot_id || !message.user || message.files?.length) return;
    const text = message.text ?? '';
    await serve(deps, client, { teamId: body.team_id, userId: message.user, channelId: message.channel }, ({ invocation }) =>
      deps.dispatcher.onDirectText({ ...invocation, direct: true }, text),
    );
  });
}
