// Slack's mrkdwn is not Markdown: `*bold*`, `<url|label>`, and &, <, > must be escaped or Slack
// reads them as control sequences (a student's `<@U1>` in an answer must not ping anyone).
import { renderMarked, withoutMarks } from '../../../core/display-text.ts';

/** &, < and > are all Slack reads as control characters; escaped, a mention or link is just text. */
export function escapeMrkdwn(text: string): string {
  return escapeControls(withoutMarks(text));
}

function escapeControls(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The core writes light Markdown (bold, links, code); this says the same in mrkdwn. Member text
 * (marked by userText) is only escaped: its `**` and `[label](url)` stay characters. Slack has no
 * escape for `*`, `_` and `~`, so those can style a member's own words but never make a link or a
 * mention; sections are also sent `verbatim`, so Slack links no bare URL or @channel either.
 */
export function toMrkdwn(markdown: string): string {
  return renderMarked(
    markdown,
    (bot) =>
      escapeControls(bot)
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/\[([^\]\uE000]+)\]\((https?:\/\/[^)\s\uE000]+)\)/g, '<$2|$1>'),
    escapeMrkdwn,
  );
}

/** Text for a plain_text object (headers, buttons, options): Slack shows it as typed. */
export const plainText = withoutMarks;

/** Cuts text to Slack's limit for a field, marking the cut so nobody mistakes it for the whole. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits long text at line breaks into pieces Slack accepts in one section. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest) pieces.push(rest);
  return pieces;
}
