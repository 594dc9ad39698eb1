// The reply model in Block Kit, within Slack's documented limits (the double checks the same
// limits, so an overflow here fails a test instead of a classroom).
import type { types } from '@slack/bolt';
import { bar, type Block, type Button, type FileAttachment, type Reply, type Tone } from '../../../core/reply.ts';
import { clip, escapeMrkdwn, plainText, splitText, toMrkdwn } from './mrkdwn.ts';

type ActionsBlock = types.ActionsBlock;
type ContextBlock = types.ContextBlock;
type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type SlackButton = types.Button;

export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  header: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  notificationText: 3000,
} as const;

export interface RenderedReply {
  /** Notification and accessibility text; Slack shows it where blocks can't be shown. */
  text: string;
  blocks: KnownBlock[];
  /** Images and files travel as uploads into the same conversation. */
  files: FileAttachment[];
}

const TONE_ICON: Record<Tone, string> = { info: '', success: '✅ ', warning: '⚠️ ', error: '❌ ' };
// A title that starts with its own icon ("✅ Step 1: correct!", "📖 Solution") already shows its tone.
const OWN_ICON = /^\s*\p{Extended_Pictographic}/u;

/** What a prompt button carries in its value, so the modal can open without any server state. */
export interface PromptValue {
  prompt: NonNullable<Button['prompt']>;
}

export function renderReply(reply: Reply): RenderedReply {
  const first = reply.blocks[0];
  const lead = reply.title ?? (first?.kind === 'text' ? first.text : '');
  const icon = OWN_ICON.test(lead) ? '' : TONE_ICON[reply.tone ?? 'info'];
  const blocks: KnownBlock[] = [];
  const files: FileAttachment[] = [];
  if (reply.title) blocks.push(header(`${icon}${reply.title}`));
  for (const block of reply.blocks) {
    if (block.kind === 'image' || block.kind === 'file') files.push(block.file);
    else blocks.push(...renderBlock(block));
  }
  if (!reply.title && icon && blocks[0]?.type === 'section' && blocks[0].text) {
    blocks[0].text.text = clip(`${icon}${blocks[0].text.text}`, LIMITS.sectionText);
  }
  return { text: notificationText(reply, icon), blocks, files };
}

function notificationText(reply: Reply, icon: string): string {
  const firstText = reply.blocks.find((b): b is Extract<Block, { kind: 'text' | 'heading' }> => b.kind === 'text' || b.kind === 'heading');
  const text = reply.title ?? firstText?.text ?? reply.blocks.find((b) => b.kind === 'file' || b.kind === 'image')?.kind ?? '';
  // The notification text is mrkdwn too, and a mention there would notify: escaped like the rest.
  return clip(escapeMrkdwn(`${icon}${text}`.trim()) || 'FoodVision', LIMITS.notificationText);
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(plainText(text), LIMITS.header), emoji: true } };
}

function section(mrkdwn: string): SectionBlock[] {
  return splitText(mrkdwn, LIMITS.sectionText).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece, verbatim: true } }));
}

function renderBlock(block: Block): KnownBlock[] {
  switch (block.kind) {
    case 'text':
      return block.text.trim() ? section(toMrkdwn(block.text)) : [];
    case 'heading':
      return plainText(block.text).length <= LIMITS.header ? [header(block.text)] : section(`*${escapeMrkdwn(block.text)}*`);
    case 'fields':
      return chunk(block.fields, LIMITS.sectionFields).map((fields) => ({
        type: 'section',
        fields: fields.map((field) => ({
          type: 'mrkdwn',
          text: clip(`*${escapeMrkdwn(field.name)}*\n${toMrkdwn(field.value)}`, LIMITS.fieldText),
          verbatim: true,
        })),
      }));
    case 'progress':
      return section(`${toMrkdwn(block.label)}\n\`${bar(block.value, block.max)}\` ${block.value}/${block.max}`);
    case 'code':
      return splitText(block.text, LIMITS.sectionText - 8).flatMap((piece) => section(`\`\`\`${escapeMrkdwn(piece)}\`\`\``));
    case 'buttons':
      return renderButtons(block.buttons);
    case 'select': {
      const menu = block.menu;
      return [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: menu.actionId,
              placeholder: { type: 'plain_text', text: clip(plainText(menu.placeholder), LIMITS.placeholder) },
              options: menu.options.slice(0, LIMITS.selectOptions).map((option) => ({
                text: { type: 'plain_text', text: clip(plainText(option.label), LIMITS.optionText) },
                value: option.value.slice(0, LIMITS.optionValue),
                ...(option.description ? { description: { type: 'plain_text', text: clip(plainText(option.description), LIMITS.optionText) } } : {}),
              })),
            },
          ],
        },
      ];
    }
    case 'image':
    case 'file':
      return [];
  }
}

/**
 * Slack has no disabled buttons. Spent choices that show a result (an answered question: the
 * right one marked, a wrong pick struck) become text; a disabled "◀ Previous" on page one is
 * simply left out.
 */
function renderButtons(buttons: Button[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const spent = buttons.filter((b) => b.disabled);
  if (spent.some((b) => b.style === 'success' || b.style === 'danger')) {
    const mark = (b: Button) =>
      b.style === 'success' ? `✅ *${escapeMrkdwn(b.label)}*` : b.style === 'danger' ? `❌ ~${escapeMrkdwn(b.label)}~` : escapeMrkdwn(b.label);
    const context: ContextBlock = { type: 'context', elements: spent.slice(0, 10).map((b) => ({ type: 'mrkdwn', text: mark(b), verbatim: true })) };
    blocks.push(context);
  }
  const live = buttons.filter((b) => !b.disabled);
  for (const group of chunk(live, LIMITS.actionsElements)) {
    const actions: ActionsBlock = { type: 'actions', elements: group.map(slackButton) };
    blocks.push(actions);
  }
  return blocks;
}

function slackButton(button: Button): SlackButton {
  const style = button.style === 'primary' || button.style === 'success' ? 'primary' : button.style === 'danger' ? 'danger' : undefined;
  const value = button.prompt ? JSON.stringify({ prompt: button.prompt } satisfies PromptValue) : undefined;
  return {
    type: 'button',
    action_id: button.actionId,
    text: { type: 'plain_text', text: clip(plainText(button.label), LIMITS.buttonText), emoji: true },
    ...(style ? { style } : {}),
    ...(value && value.length <= LIMITS.buttonValue ? { value } : {}),
  };
}

export function readPromptValue(value: string | undefined): PromptValue | undefined {
  if (!value?.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<PromptValue>;
    return parsed.prompt && typeof parsed.prompt.title === 'string' ? (parsed as PromptValue) : undefined;
  } catch {
    return undefined;
  }
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
