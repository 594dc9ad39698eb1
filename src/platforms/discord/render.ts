// Turns the core's platform-neutral replies into Discord message bodies (one embed, action rows,
// files) and prompts into modals. Discord's limits are kept here, so the core can stay unaware.
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { Block, Button, Reply, TextPrompt, Tone } from '../../core/reply.ts';
import { bar } from '../../core/reply.ts';
import { renderMarked, withoutMarks } from '../../core/display-text.ts';
import { encodeCustomId } from './custom-id.ts';

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files: { name: string; attachment: Buffer; contentType: string }[];
  flags?: number;
}

export interface RenderOptions {
  /** Set when the message lands in a DM: custom ids then carry the class server. */
  dmGuildId?: string;
  /** Remembers the prompt behind a button, so a click can open the right modal. */
  rememberPrompt?: (customId: string, prompt: TextPrompt) => void;
}

const TONE_COLOURS: Record<Tone, number> = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 };
const BUTTON_STYLES = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, success: ButtonStyle.Success, danger: ButtonStyle.Danger } as const;

// Discord's documented limits.
const LIMIT = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  label: 80,
  options: 25,
  optionText: 100,
  placeholder: 150,
  modalTitle: 45,
  inputLabel: 45,
  inputPlaceholder: 100,
} as const;

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Member text (marked by userText) with every Markdown character backslash-escaped, as Discord
 * reads `\x` for any punctuation: `[label](url)` stays characters, `<@id>`, `<@&role>` and
 * `@everyone` show as typed (and allowed_mentions pings no one anyway), and `https\://` is no link.
 */
export function escapeMarkdown(memberText: string): string {
  return memberText.replace(/[\\*_~`|>[\]()#\-<@:]/g, '\\$&');
}

/** The reply's own Markdown as written, member text inside it escaped. */
export function markdown(text: string): string {
  return renderMarked(text, (bot) => bot, escapeMarkdown);
}

function describe(block: Block): string | undefined {
  switch (block.kind) {
    case 'text':
      return markdown(block.text);
    case 'heading':
      return `**${markdown(block.text)}**`;
    case 'code':
      return `\`\`\`${block.language ?? ''}\n${withoutMarks(block.text).replace(/```/g, '`\u200b``')}\n\`\`\``;
    case 'progress':
      return `${markdown(block.label)}\n\`${bar(block.value, block.max)}\` ${block.value}/${block.max}`;
    default:
      return undefined;
  }
}

export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedMessage {
  const description = reply.blocks
    .map(describe)
    .filter((part): part is string => part !== undefined)
    .join('\n\n');
  const fields = reply.blocks
    .flatMap((block) => (block.kind === 'fields' ? block.fields : []))
    .slice(0, LIMIT.fields)
    .map((field) => ({
      name: clip(markdown(field.name) || '\u200b', LIMIT.fieldName),
      value: clip(markdown(field.value) || '\u200b', LIMIT.fieldValue),
      ...(field.inline ? { inline: true } : {}),
    }));
  const files: RenderedMessage['files'] = [];
  const embed: APIEmbed = { color: TONE_COLOURS[reply.tone ?? 'info'] };
  if (reply.title) embed.title = clip(markdown(reply.title), LIMIT.title);
  if (description) embed.description = clip(description, LIMIT.description);
  if (fields.length) embed.fields = fields;
  for (const block of reply.blocks) {
    if (block.kind === 'image') {
      files.push(fileOf(block.file));
      embed.image = { url: `attachment://${block.file.name}` };
    } else if (block.kind === 'file') {
      files.push(fileOf(block.file));
    }
  }
  keepEmbedTotal(embed);
  const hasEmbed = Boolean(embed.title || embed.description || embed.fields?.length || embed.image);
  return {
    embeds: hasEmbed ? [embed] : [],
    components: renderComponents(reply.blocks, options),
    files,
    ...(reply.private ? { flags: MessageFlags.Ephemeral } : {}),
    // A message needs something to show: a lone file or lone buttons get a blank-free line.
    ...(!hasEmbed && files.length === 0 && reply.blocks.every((b) => b.kind !== 'buttons' && b.kind !== 'select') ? { content: '\u200b' } : {}),
  };
}

function fileOf(file: { name: string; contentType: string; data: Uint8Array }): RenderedMessage['files'][number] {
  return { name: file.name, attachment: Buffer.from(file.data), contentType: file.contentType };
}

/** Embeds may hold 6,000 characters in all: trim the description first, the fields after. */
function keepEmbedTotal(embed: APIEmbed): void {
  const total = (): number =>
    [...(embed.title ?? '')].length +
    [...(embed.description ?? '')].length +
    (embed.fields ?? []).reduce((sum, f) => sum + [...f.name].length + [...f.value].length, 0);
  const excess = total() - LIMIT.embedTotal;
  if (excess > 0 && embed.description) embed.description = clip(embed.description, Math.max(1, [...embed.description].length - excess));
  while (total() > LIMIT.embedTotal && embed.fields?.length) embed.fields.pop();
}

function renderComponents(blocks: Block[], options: RenderOptions): RenderedMessage['components'] {
  const rows: RenderedMessage['components'] = [];
  for (const block of blocks) {
    if (block.kind === 'buttons') {
      for (let i = 0; i < block.buttons.length; i += LIMIT.buttonsPerRow) {
        rows.push({ type: ComponentType.ActionRow, components: block.buttons.slice(i, i + LIMIT.buttonsPerRow).map((b) => renderButton(b, options)) });
      }
    } else if (block.kind === 'select' && block.menu.options.length > 0) {
      const { menu } = block;
      rows.push({
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: encodeCustomId(menu.actionId, options),
            placeholder: clip(withoutMarks(menu.placeholder), LIMIT.placeholder),
            options: menu.options.slice(0, LIMIT.options).map((option) => ({
              value: clip(option.value, LIMIT.optionText),
              label: clip(withoutMarks(option.label), LIMIT.optionText),
              ...(option.description ? { description: clip(withoutMarks(option.description), LIMIT.optionText) } : {}),
            })),
          },
        ],
      });
    }
  }
  if (rows.length > LIMIT.rows) throw new Error(`a reply has ${rows.length} rows of buttons; Discord allows ${LIMIT.rows}`);
  return rows;
}

function renderButton(button: Button, options: RenderOptions): APIComponentInMessageActionRow {
  const customId = encodeCustomId(button.actionId, { opensPrompt: Boolean(button.prompt), ...(options.dmGuildId ? { dmGuildId: options.dmGuildId } : {}) });
  if (button.prompt) options.rememberPrompt?.(customId, button.prompt);
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: clip(withoutMarks(button.label), LIMIT.label),
    style: BUTTON_STYLES[button.style ?? 'secondary'],
    ...(button.disabled ? { disabled: true } : {}),
  };
}

/** The modal behind a prompt button; the submit comes back with the same custom id. */
export function renderModal(customId: string, prompt: TextPrompt): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: clip(withoutMarks(prompt.title), LIMIT.modalTitle),
    components: [
      {
        type: ComponentType.Label,
        label: clip(withoutMarks(prompt.label), LIMIT.inputLabel),
        component: {
          type: ComponentType.TextInput,
          custom_id: 'text',
          style: prompt.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: true,
          max_length: Math.min(4000, prompt.maxLength ?? 1000),
          ...(prompt.placeholder ? { placeholder: clip(prompt.placeholder, LIMIT.inputPlaceholder) } : {}),
        },
      },
    ],
  };
}
