// HTML for the dashboard's pages. Every value goes through Hono's `html` template, which escapes
// & < > " ' in anything that is not itself an `html` result; member text is also cleaned first
// (cleanUserText: no bidi overrides, invisible or control characters). Strings built for chat
// replies carry userText marks; `fromChat` turns them into HTML with both parts escaped.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { cleanUserText, renderMarked, type CleanOptions } from '../core/display-text.ts';
import type { Language, Localized } from '../core/reply.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
export { html };

/** Escapes text for HTML (the same escape the `html` template applies to every value). */
export function escapeHtml(text: string): string {
  return html`${text}`.toString();
}

/** Member-written text: cleaned, then escaped by the template it goes into. */
export function member(text: string, options: CleanOptions = {}): string {
  return cleanUserText(text, options);
}

/** A chat reply string (bot text with **bold**, member text marked by userText) as safe HTML. */
export function fromChat(text: string): HtmlEscapedString {
  return raw(
    renderMarked(
      text,
      (bot) =>
        escapeHtml(bot)
          .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
          .replace(/\n/g, '<br>'),
      (memberText) => escapeHtml(memberText),
    ),
  );
}

export function say(lang: Language): (text: Localized) => string {
  return (text) => text[lang];
}

/** Both languages, for pages shown before anyone is signed in. */
export function both(text: Localized): string {
  return `${text.ko} · ${text.en}`;
}

export const STYLE = `
body{font-family:system-ui,"Noto Sans KR",sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
header{background:#263159;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}header nav{display:flex;gap:.8rem;flex-wrap:wrap}header form{margin-left:auto}
main{padding:1rem;max-width:70rem}
table{border-collapse:collapse;background:#fff;margin:.5rem 0}
th,td{border:1px solid #d5d8e2;padding:.3rem .5rem;text-align:left;vertical-align:top}
.answer{background:#fff;border:1px solid #d5d8e2;padding:.6rem;margin:.6rem 0}
.answer pre{white-space:pre-wrap;background:#f0f1f6;padding:.4rem}
.flash{background:#e5f6e8;border:1px solid #8fcf9b;padding:.5rem}
.error{background:#fde8e8;border:1px solid #e99;padding:.5rem}
.ok{color:#176b2c}.no{color:#a11}
tr.not-started{color:#6b7080;background:#f3f3f3}.state{font-style:italic}
#chart svg{max-width:100%;height:auto}
.cm td{text-align:right;min-width:2.2rem}
.s0{background:#fff}.s1{background:#e8eefc}.s2{background:#cfdcf8}.s3{background:#aac2f2}.s4{background:#7fa1ea}.s5{background:#4f78d8;color:#fff}
textarea{width:100%;max-width:30rem}
`;
