// Buttons and select menus from any message or modal. A button whose prompt asks for text opens a
// modal first: its trigger_id lives 3 s, so views.open goes out before any other Web API or
// database work (the prompt's texts ride in the button's value), and a refusal asks the member to
// click again instead of leaving them with nothing. Everything else goes to the dispatcher by
// action id. The id carries all the state, so a message posted before a restart still works, and
// one whose command is gone gets the dispatcher's "run it again".
import type { App, BlockAction, BlockElementAction, webApi } from '@slack/bolt';
import type { Language } from '../../../../core/reply.ts';
import { readPromptValue, type PromptValue } from '../../render/blocks.ts';
import { decodeOrigin, promptView, type ViewOrigin } from '../../render/views.ts';
import { buildInvocation, languageOf, serve, type RequestSource, type SlackDeps } from '../../request.ts';
import { postToResponseUrl } from '../../response-url.ts';
import { slackErrorCode } from '../../slack-errors.ts';
import { inLanguage, TEXTS } from '../../texts.ts';

export function registerBlockActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<BlockElementAction>>(/.+/, async ({ ack, body, action, client }) => {
    await ack();
    const source = sourceOf(body);
    const prompt = action.type === 'button' ? readPromptValue(action.value) : undefined;
    if (prompt) {
      await openPrompt(deps, client, body, action.action_id, prompt, source);
      // With the modal open, the slow part: who the member is (users.info, the roster), which
      // also leaves their language known for the next modal.
      await languageOf(deps, await buildInvocation(deps, client, source));
      return;
    }
    const values = action.type === 'static_select' ? [action.selected_option.value] : undefined;
    await serve(deps, client, source, ({ invocation }) => deps.dispatcher.runAction(invocation, action.action_id, values ? { values } : {}));
  });
}

async function openPrompt(
  deps: SlackDeps,
  client: webApi.WebClient,
  body: BlockAction,
  actionId: string,
  prompt: PromptValue,
  source: RequestSource,
): Promise<void> {
  const origin: ViewOrigin = {
    a: actionId,
    ...(source.channelId ? { c: source.channelId } : {}),
    ...(source.message ? { t: source.message.ts, e: source.message.ephemeral } : {}),
    ...(source.view?.origin ? { c: source.view.origin.c, t: source.view.origin.t, e: source.view.origin.e } : {}),
  };
  // Only what this process already knows: no lookup may stand between the click and views.open.
  const lang = deps.members.knownLanguage(source.teamId, source.userId);
  const view = promptView(prompt.prompt, origin, lang);
  try {
    if (source.view) await deps.viewsClient.views.update({ view_id: source.view.id, view });
    else await deps.viewsClient.views.open({ trigger_id: body.trigger_id, view });
  } catch (error) {
    deps.log(`slack: the answer form did not open for ${source.userId}: ${slackErrorCode(error) ?? (error as Error).message}`);
    await askToClickAgain(deps, client, source, lang);
  }
}

/** Says so where the member clicked: through the click's response_url, else privately in its channel. */
async function askToClickAgain(deps: SlackDeps, client: webApi.WebClient, source: RequestSource, lang: Language | undefined): Promise<void> {
  const text = `⚠️ ${inLanguage(TEXTS.answerFormFailed, lang)}`;
  try {
    if (source.responseUrl) await postToResponseUrl(source.responseUrl, { text, response_type: 'ephemeral', replace_original: false });
    else if (source.channelId) await client.chat.postEphemeral({ channel: source.channelId, user: source.userId, text });
    else deps.log(`slack: nowhere to tell ${source.userId} to click again`);
  } catch (error) {
    deps.log(`slack: could not tell ${source.userId} to click again: ${slackErrorCode(error) ?? (error as Error).message}`);
  }
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
