// Buttons and select menus from any message or modal. A button whose prompt asks for text opens a
// modal first (its trigger_id lives 3 s, so before any slow work); everything else goes to the
// dispatcher by action id. The id carries all the state, so a message posted before a restart
// still works, and one whose command is gone gets the dispatcher's "run it again".
import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import { readPromptValue } from '../../render/blocks.ts';
import { decodeOrigin, promptView, type ViewOrigin } from '../../render/views.ts';
import { buildInvocation, languageOf, serve, type RequestSource, type SlackDeps } from '../../request.ts';

export function registerBlockActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<BlockElementAction>>(/.+/, async ({ ack, body, action, client }) => {
    await ack();
    const source = sourceOf(body);
    const prompt = action.type === 'button' ? readPromptValue(action.value) : undefined;
    if (prompt) {
      const origin: ViewOrigin = {
        a: action.action_id,
        ...(source.channelId ? { c: source.channelId } : {}),
        ...(source.message ? { t: source.message.ts, e: source.message.ephemeral } : {}),
        ...(source.view?.origin ? { c: source.view.origin.c, t: source.view.origin.t, e: source.view.origin.e } : {}),
      };
      const lang = await languageOf(deps, await buildInvocation(deps, client, source));
      const view = promptView(prompt.prompt, origin, lang);
      if (source.view) await client.views.update({ view_id: source.view.id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
      return;
    }
    const values = action.type === 'static_select' ? [action.selected_option.value] : undefined;
    await serve(deps, client, source, ({ invocation }) => deps.dispatcher.runAction(invocation, action.action_id, values ? { values } : {}));
  });
}

function sourceOf(body: BlockAction): RequestSource {
  const container = body.container as { type?: string; message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  const view = body.view ? { id: body.view.id, origin: decodeOrigin(body.view.private_metadata) } : undefined;
  const channelId = body.channel?.id ?? container.channel_id ?? view?.origin?.c;
  return {
    teamId: body.team?.id ?? body.user.team_id ?? '',
    userId: body.user.id,
    userName: body.user.name,
    ...(channelId ? { channelId } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ...(container.type === 'message' && container.message_ts ? { message: { ts: container.message_ts, ephemeral: container.is_ephemeral === true } } : {}),
    ...(view ? { view: view.origin ? view : { id: view.id } } : {}),
  };
}
