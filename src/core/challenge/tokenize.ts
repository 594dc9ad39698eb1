// A tokenizer for the small piece of Python a challenge answer holds (one or a few statements).
// It reads, it never runs anything. Newlines inside brackets are dropped, as Python joins such
// lines; `#` comments are skipped; brackets and quotes must pair up. Emoji outside strings are
// skipped like spaces, as are zero-width characters that copying from a web page leaves behind:
// they can't mean anything in Python, and "nn.Linear(...) 🎉" is still the answer.

export type Token =
  | { kind: 'name'; text: string }
  | { kind: 'number'; text: string; value: number; integer: boolean }
  | { kind: 'string' }
  | { kind: 'punct'; text: string }
  | { kind: 'newline' }
  | { kind: 'other'; text: string };

export type Tokens = { ok: true; tokens: Token[] } | { ok: false };

const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/y;
/** Emoji and the invisible characters copying leaves behind: skipped like spaces. */
export const IGNORABLE_CHARACTER = '[\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\u200b\\u200d\\ufe0f\\ufeff\\u20e3]';
const IGNORABLE = new RegExp(IGNORABLE_CHARACTER, 'uy');
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', '=', '.', ';', ':', '-', '+']);
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  const open: string[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === '\n') {
      if (open.length === 0) tokens.push({ kind: 'newline' });
      at += 1;
    } else if (/\s/.test(char)) {
      at += 1;
    } else if (matchAt(IGNORABLE, text, at) !== undefined) {
      at += (matchAt(IGNORABLE, text, at) as string).length;
    } else if (char === '#') {
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end;
    } else if (char === '"' || char === "'") {
      const literal = matchAt(STRING, text, at);
      if (literal === undefined) return { ok: false };
      tokens.push({ kind: 'string' });
      at += literal.length;
    } else if (/\d/.test(char) || (char === '.' && /\d/.test(text[at + 1] ?? ''))) {
      const literal = matchAt(NUMBER, text, at) as string;
      const digits = literal.replace(/_/g, '');
      tokens.push({ kind: 'number', text: literal, value: Number(digits), integer: /^\d+$/.test(digits) });
      at += literal.length;
    } else if (matchAt(NAME, text, at) !== undefined) {
      const name = matchAt(NAME, text, at) as string;
      tokens.push({ kind: 'name', text: name });
      at += name.length;
    } else if (PUNCT.has(char)) {
      if (char === '(' || char === '[' || char === '{') open.push(char);
      const opener = CLOSING[char];
      if (opener !== undefined && open.pop() !== opener) return { ok: false };
      tokens.push({ kind: 'punct', text: char });
      at += 1;
    } else {
      // Whole code points, so an emoji stays one token rather than two halves of a surrogate pair.
      const point = String.fromCodePoint(text.codePointAt(at) as number);
      tokens.push({ kind: 'other', text: point });
      at += point.length;
    }
  }
  return open.length === 0 ? { ok: true, tokens } : { ok: false };
}
