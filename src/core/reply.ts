// The platform-neutral reply model. Every command and action answers with these; Discord renders
// them as embeds and components, Slack as Block Kit, the console as text. Nothing here may name
// a platform type.

export type Language = 'ko' | 'en';

/** A text written in both languages, side by side. */
export interface Localized {
  ko: string;
  en: string;
}

export interface FileAttachment {
  name: string;
  contentType: string;
  data: Uint8Array;
}

/** Asks the caller for free text (a modal on Discord and Slack, the next line in the console). */
export interface TextPrompt {
  title: string;
  label: string;
  placeholder?: string;
  multiline?: boolean;
  maxLength?: number;
}

export interface Button {
  /** Routed back to the command that owns its prefix (the format: src/core/action-id.ts). At most 100 characters. */
  actionId: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
  disabled?: boolean;
  /** When set, a click first asks for text; the action arrives with `text`. */
  prompt?: TextPrompt;
}

export interface SelectOption {
  value: string;
  label: string;
  description?: string;
}

export interface SelectMenu {
  actionId: string;
  placeholder: string;
  options: SelectOption[];
}

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'fields'; fields: { name: string; value: string; inline?: boolean }[] }
  | { kind: 'progress'; label: string; value: number; max: number }
  | { kind: 'code'; text: string; language?: string }
  | { kind: 'buttons'; buttons: Button[] }
  | { kind: 'select'; menu: SelectMenu }
  | { kind: 'image'; file: FileAttachment; alt: string }
  | { kind: 'file'; file: FileAttachment };

/**
 * Where a reply goes:
 * - `reply`: answers the command or click where it happened;
 * - `update`: replaces the message whose button was clicked, or the interim message this request
 *   showed through `progress` (a photo's place in the queue);
 * - `dm`: a direct message to the caller (platforms report closed DMs as DmClosedError);
 * - `thread`: a threaded reply to the message that triggered an event (photos).
 */
export type ReplyTarget = 'reply' | 'update' | 'dm' | 'thread';

export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Reply {
  title?: string;
  blocks: Block[];
  tone?: Tone;
  /** Only the caller sees it (ephemeral on Discord and Slack). */
  private?: boolean;
  target?: ReplyTarget;
  /**
   * With target `dm`: what the caller is told privately where they ran the command once the DM has
   * arrived ("📬 I sent the quiz to your DMs"). Never said when the DM could not be delivered: the
   * platform says why instead.
   */
  dmNote?: string;
}

export type Replies = Reply | Reply[];

export function toList(replies: Replies): Reply[] {
  return Array.isArray(replies) ? replies : [replies];
}

export function text(text: string): Block {
  return { kind: 'text', text };
}

export function errorReply(message: string, title?: string): Reply {
  return { ...(title ? { title } : {}), blocks: [text(message)], tone: 'error', private: true };
}

/** A ten-cell bar for progress and confidence, the same on every platform. */
export function bar(value: number, max: number, cells = 10): string {
  const ratio = max <= 0 ? 0 : Math.min(1, Math.max(0, value / max));
  const filled = Math.round(ratio * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
