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
// Python's other integer literals: 0x200, 0o1000, 0b1000000000 (underscores allowed, as in 0x_200).
const BASED_INTEGER = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)(?![\p{L}\p{N}_])/uy;
const BASES: Record<string, number> = { x: 16, o: 8, b: 2 };
const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/y;
/** Emoji and the invisible characters copying leaves behind: skipped like spaces. */
export const IGNORABLE_CHARACTER = '[\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\u200b\\u200d\\ufe0f\\ufeff\\u20e3]';
const IGNORABLE = new RegExp(IGNORABLE_CHARACTER, 'uy');
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', '=', '.', ';', ':', '-', '+', '*', '/', '%']);
// Read as one token, so `2**9` and `1024 // 2` are operators the parser knows, never two of another.
const DOUBLE_PUNCT = new Set(['**', '//']);
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
    } else if (matchAt(BASED_INTEGER, text, at) !== undefined) {
      const literal = matchAt(BASED_INTEGER, text, at) as string;
      const digits = literal.slice(2).replace(/_/g, '');
      tokens.push({ kind: 'number', text: literal, value: parseInt(digits, BASES[(literal[1] as string).toLowerCase()]), integer: true });
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
    } else if (DOUBLE_PUNCT.has(text.slice(at, at + 2))) {
      tokens.push({ kind: 'punct', text: text.slice(at, at + 2) });
      at += 2;
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

/** The `#` comments of a piece of code, without their `#`: what the member wrote beside it. */
export function commentsOf(text: string): string[] {
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    let quote: string | undefined;
    for (let at = 0; at < line.length; at += 1) {
      const char = line[at] as string;
      if (quote !== undefined) {
        if (char === '\\') at += 1;
        else if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '#') {
        comments.push(line.slice(at + 1));
        break;
      }
    }
  }
  return comments;
}
