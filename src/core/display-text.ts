// The one place that makes text a member wrote (a display name, a typed answer, a file name) safe
// to show. The core cleans it here and marks it inside the reply string it builds; each platform's
// renderer then escapes what is marked for its own syntax (Slack mrkdwn, Discord Markdown, a
// terminal), so a name like `[free answers](https://evil.example)`, `<!channel>` or `@everyone`
// shows as those characters and never becomes a link or a ping. Bot text around it keeps its
// light Markdown.
//
// The marks are two private-use characters; cleaning removes them from what members write, so
// nobody can open or close a mark of their own.

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([^\uE000\uE001]*)\uE001/g;
const MARKS = /[\uE000\uE001]/g;

/** Bidirectional embeddings, overrides, isolates and marks: they reorder the text around them. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Characters that show nothing: used to fake a name, to hide text, or to leave a name blank. */
const INVISIBLE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF\u3164\uFFA0]/g;
/**
 * Zero-width joiners are kept only where they do their job: ZWJ inside emoji, ZWNJ between the
 * Arabic-script or Indic letters that need it. Anywhere else they only make "Teach\u200Cer" pass for "Teacher".
 */
const ZWJ_OUT_OF_PLACE = /(?<!\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
const JOINING_LETTER = '[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\u0900-\u0DFF]';
const ZWNJ_OUT_OF_PLACE = new RegExp(`(?<!${JOINING_LETTER}\\p{M}*)\u200C|\u200C(?!${JOINING_LETTER})`, 'gu');
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Strong right-to-left letters: text with them is shown in an isolate so it can't reorder its line. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;

export interface CleanOptions {
  /** Code points kept; longer text is cut and ends with "…". */
  maxLength?: number;
  /** Keep line breaks (a typed answer); names and other one-line text get spaces instead. */
  multiline?: boolean;
}

/** A display name: what a leaderboard line or a CSV cell can hold. */
export const MAX_NAME_LENGTH = 80;

/** Removes what could disguise or reorder text, and bounds its length. Idempotent. */
export function cleanUserText(raw: string, options: CleanOptions = {}): string {
  const maxLength = options.maxLength ?? MAX_NAME_LENGTH;
  let text = raw.normalize('NFC').replace(MARKS, '').replace(BIDI_CONTROLS, '').replace(INVISIBLE, '');
  text = text.replace(ZWJ_OUT_OF_PLACE, '').replace(ZWNJ_OUT_OF_PLACE, '');
  text = text.replace(/\r\n?/g, '\n').replace(CONTROLS, ' ').replace(/\t/g, ' ');
  text = options.multiline ? text.replace(/[ ]{2,}/g, ' ').replace(/\n{3,}/g, '\n\n') : text.replace(/\s+/g, ' ');
  text = text.trim();
  return truncate(text, maxLength);
}

function truncate(text: string, maxLength: number): string {
  const chars = [...text];
  return chars.length <= maxLength
    ? text
    : `${chars
        .slice(0, Math.max(1, maxLength - 1))
        .join('')
        .trimEnd()}…`;
}

/**
 * Member-written text, cleaned and marked for the renderers, to put inside a reply string:
 * `${userText(name)} — 30 pts`. Right-to-left text is wrapped in a first-strong isolate
 * (U+2068 … U+2069), the Unicode way to keep it from reordering the words around it.
 */
export function userText(raw: string, options: CleanOptions = {}): string {
  const clean = cleanUserText(raw, options);
  return `${OPEN}${RTL.test(clean) ? `\u2068${clean}\u2069` : clean}${CLOSE}`;
}

/**
 * How a renderer uses the marks: `bot` converts the reply's own Markdown (it sees a placeholder
 * where member text sits, so no rule of its own can reach into it), `user` escapes member text
 * for the platform's syntax.
 */
export function renderMarked(text: string, bot: (markup: string) => string, user: (memberText: string) => string): string {
  const pieces: string[] = [];
  const skeleton = text.replace(MARKED, (_match, inner: string) => `${OPEN}${pieces.push(inner) - 1}${CLOSE}`);
  return bot(skeleton).replace(/\uE000(\d+)\uE001/g, (_match, index: string) => user(pieces[Number(index)] ?? ''));
}

/** For surfaces with no markup at all (button labels, plain_text, a terminal): the text without its marks. */
export function withoutMarks(text: string): string {
  return text.replace(MARKS, '');
}
