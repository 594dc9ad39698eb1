// Modals: a prompt (a button's TextPrompt) as an input view, and replies shown inside a modal
// (the graded feedback of a challenge step). Where the click came from rides along in
// private_metadata, so a submission after a restart still knows its channel.
import type { types } from '@slack/bolt';
import type { Language, Reply, TextPrompt } from '../../../core/reply.ts';
import { renderReply } from './blocks.ts';
import { clip, plainText } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

export const PROMPT_CALLBACK_ID = 'foodvision_prompt';
export const FEEDBACK_CALLBACK_ID = 'foodvision_feedback';
export const ANSWER_BLOCK_ID = 'answer';
export const ANSWER_ACTION_ID = 'text';

const VIEW_BLOCKS = 100;
const VIEW_TITLE = 24;

/** The action a submission completes and the conversation it belongs to. */
export interface ViewOrigin {
  /** Action id the typed text is sent to. */
  a: string;
  /** Channel of the message whose button opened the modal. */
  c?: string;
  /** That message's ts, and whether it was ephemeral. */
  t?: string;
  e?: boolean;
}

export function encodeOrigin(origin: ViewOrigin): string {
  return JSON.stringify(origin);
}

export function decodeOrigin(metadata: string | undefined): ViewOrigin | undefined {
  try {
    const parsed = JSON.parse(metadata ?? '') as Partial<ViewOrigin>;
    return typeof parsed.a === 'string' ? (parsed as ViewOrigin) : undefined;
  } catch {
    return undefined;
  }
}

const CLOSE: Record<Language, string> = { ko: '닫기', en: 'Close' };
const SUBMIT: Record<Language, string> = { ko: '제출', en: 'Submit' };
/** For a member whose language isn't known yet (a modal opened before any lookup). */
const CLOSE_BOTH = `${CLOSE.ko} / ${CLOSE.en}`;
const SUBMIT_BOTH = `${SUBMIT.ko} / ${SUBMIT.en}`;

/**
 * The prompt's title, label and placeholder come from the button (already in the member's
 * language); only Submit/Close are the bot's own, in `lang`, or in both languages when it is unknown.
 */
export function promptView(prompt: TextPrompt, origin: ViewOrigin, lang: Language | undefined): ModalView {
  return {
    type: 'modal',
    callback_id: PROMPT_CALLBACK_ID,
    title: { type: 'plain_text', text: clip(prompt.title, VIEW_TITLE) },
    submit: { type: 'plain_text', text: lang ? SUBMIT[lang] : SUBMIT_BOTH },
    close: { type: 'plain_text', text: lang ? CLOSE[lang] : CLOSE_BOTH },
    private_metadata: encodeOrigin(origin),
    blocks: [
      {
        type: 'input',
        block_id: ANSWER_BLOCK_ID,
        label: { type: 'plain_text', text: clip(prompt.label, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_ACTION_ID,
          multiline: prompt.multiline ?? false,
          max_length: Math.min(prompt.maxLength ?? 3000, 3000),
          ...(prompt.placeholder ? { placeholder: { type: 'plain_text', text: clip(prompt.placeholder, 150) } } : {}),
        },
      },
    ],
  };
}

/** Replies shown in the modal the member is looking at, in place of its previous content. */
export function repliesView(replies: Reply[], origin: ViewOrigin | undefined, lang: Language): ModalView {
  const blocks: KnownBlock[] = replies.flatMap((reply) => renderReply(reply).blocks).slice(0, VIEW_BLOCKS);
  const title = replies.find((r) => r.title)?.title ?? 'FoodVision';
  return {
    type: 'modal',
    callback_id: FEEDBACK_CALLBACK_ID,
    title: { type: 'plain_text', text: clip(plainText(title), VIEW_TITLE) },
    close: { type: 'plain_text', text: CLOSE[lang] },
    ...(origin ? { private_metadata: encodeOrigin(origin) } : {}),
    blocks: blocks.length ? blocks : [{ type: 'section', text: { type: 'plain_text', text: '…' } }],
  };
}

/** Shown the moment a prompt is submitted, while the answer is graded (Slack needs an answer in 3 s). */
export function pendingView(origin: ViewOrigin | undefined): ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_CALLBACK_ID,
    title: { type: 'plain_text', text: 'FoodVision' },
    ...(origin ? { private_metadata: encodeOrigin(origin) } : {}),
    blocks: [{ type: 'section', text: { type: 'plain_text', text: '⏳ 확인하는 중… / Checking your answer…' } }],
  };
}
