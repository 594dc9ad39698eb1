// A submitted prompt modal (a challenge answer): answer Slack at once with a "checking" view, then
// grade through the dispatcher and show the feedback in the same modal. A blank answer is refused in
// the ack itself (`response_action: "errors"`), so the modal stays open with the message under the
// field and the member can type an answer straight away.
import type { App } from '@slack/bolt';
import { EMPTY_ANSWER } from '../../../../core/challenge/challenge-service.ts';
import { ANSWER_ACTION_ID, ANSWER_BLOCK_ID, decodeOrigin, pendingView, PROMPT_CALLBACK_ID } from '../../render/views.ts';
import { serve, type SlackDeps } from '../../request.ts';
import { inLanguage } from '../../texts.ts';

const EXPIRED = '이 입력 창은 만료되었습니다. 버튼을 다시 눌러 주세요. / This form has expired; please click the button again.';

export function registerPromptSubmission(app: App, deps: SlackDeps): void {
  app.view(PROMPT_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const origin = decodeOrigin(view.private_metadata);
    if (!origin) {
      await ack({ response_action: 'errors', errors: { [ANSWER_BLOCK_ID]: EXPIRED } });
      return;
    }
    const text = view.state.values[ANSWER_BLOCK_ID]?.[ANSWER_ACTION_ID]?.value ?? '';
    if (text.trim() === '') {
      const lang = deps.members.knownLanguage(body.team?.id ?? body.user.team_id ?? '', body.user.id);
      await ack({ response_action: 'errors', errors: { [ANSWER_BLOCK_ID]: inLanguage(EMPTY_ANSWER, lang) } });
      return;
    }
    await ack({ response_action: 'update', view: pendingView(origin) });
    await serve(
      deps,
      client,
      {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        userId: body.user.id,
        userName: body.user.name,
        ...(origin.c ? { channelId: origin.c } : {}),
        ...(origin.t ? { message: { ts: origin.t, ephemeral: origin.e === true } } : {}),
        view: { id: view.id, origin },
      },
      ({ invocation }) => deps.dispatcher.runAction(invocation, origin.a, { text }),
    );
  });
}
