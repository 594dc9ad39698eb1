// People put the code inside a sentence: "nn.Linear(512, 7) 입니다", "I think it's nn.Linear(512, 7).",
// "nn.Linear(512, 7) ← 이거요", or a line of words under the code. A teacher reads the code and grades
// it, and so does the grader: the step checks that the member knows which layer to build and with
// which sizes, and politeness around a right answer shouldn't cost a retry. (The verdict then carries
// a short note that in a notebook the code goes on its own line.)
// This is only a fallback for answers that don't read as code as a whole. Each line that doesn't read
// as code must be calls plus plain words: anything around the calls that could be code (an `=`,
// quotes, brackets, operators, `lambda`, `if`...) makes the whole answer "not code", so a broken
// or hidden call ("lambda: nn.Linear(512, 7)", '"""nn.Linear(512, 7)"""') is never read as built.
import { readCode, type Statement } from './parse-python.ts';
import { IGNORABLE_CHARACTER } from './tokenize.ts';

// Where a call may start: an optional `target =` (any letters, as in `새_층 = `), then a dotted name
// and its opening bracket. The name must not be glued to a Latin word or digit before it.
const CALL_START =
  /(?:(?<![\p{L}\p{N}_.])[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*|\[\d+\])*\s*=\s*|(?<![A-Za-z0-9_.]))[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*\(/gu;
// A method called on what a call returns: `nn.Linear(512, 7).to(device)`.
const METHOD_CALL = /^\s*\.\s*[A-Za-z_][A-Za-z0-9_]*\s*\(/;
const IGNORABLE = new RegExp(IGNORABLE_CHARACTER, 'gu');
// An apostrophe inside a word ("it's", "don't") is a word's, not a quote.
const APOSTROPHE = /(?<=\p{L})['\u2019](?=\p{L})/gu;
// Smileys are words too: "nn.Linear(512, 7) 입니다 :)".
const EMOTICON = /[:;]-?[()DP](?![\p{L}\p{N}_])/gu;
const CODE_CHARACTERS = /[=;"'`\\[\]{}+*/%&|^~@]/;
const INVISIBLE = /\p{C}/u;
// A Latin name glued to an opening bracket is a call that didn't read as one.
const GLUED_CALL = /[A-Za-z0-9_]\(/;
// Words that would mean the layer is not simply built ("lambda: nn.Linear(...)", "if ...").
const CODE_KEYWORDS = /(?<![\p{L}\p{N}_])(?:lambda|def|class|if|elif|else|while|yield|assert)(?![\p{L}\p{N}_])/u;
const OPENING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * The statements of an answer whose lines are code, or calls among plain words; undefined when a
 * line holds something that is neither.
 */
export function codeInProse(answer: string): Statement[] | undefined {
  const statements: Statement[] = [];
  for (const line of logicalLines(answer)) {
    if (line.trim() === '') continue;
    const code = readCode(line);
    const found = code.ok ? code.statements : callsAmongWords(line);
    if (found === undefined) return undefined;
    statements.push(...found);
  }
  return statements;
}

/** Lines, with those a bracket left open joined to the next, as Python joins them. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at] as string;
    if (char === '"' || char === "'") {
      const close = text.indexOf(char, at + 1);
      const lineEnd = text.indexOf('\n', at + 1);
      // An unclosed quote on its line is an apostrophe in prose: read on.
      if (close !== -1 && (lineEnd === -1 || close < lineEnd)) at = close;
    } else if (char === '(' || char === '[' || char === '{') {
      depth += 1;
    } else if (char === ')' || char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (char === '\n' && depth === 0) {
      lines.push(text.slice(start, at));
      start = at + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

function callsAmongWords(line: string): Statement[] | undefined {
  const statements: Statement[] = [];
  let words = '';
  let readUpTo = 0;
  CALL_START.lastIndex = 0;
  for (let match = CALL_START.exec(line); match !== null; match = CALL_START.exec(line)) {
    const end = endOfCall(line, match.index + match[0].length - 1);
    const code = end === undefined ? undefined : readCode(line.slice(match.index, end));
    if (end !== undefined && code?.ok && code.statements.length === 1) {
      words += line.slice(readUpTo, match.index);
      statements.push(...code.statements);
      readUpTo = end;
    }
    // What didn't read stays among the words, where the checks below refuse it.
    CALL_START.lastIndex = end ?? match.index + match[0].length;
  }
  words += line.slice(readUpTo);
  return onlyWords(words) ? statements : undefined;
}

/** Just past a call whose opening bracket is at `open`, with any methods called on its result. */
function endOfCall(line: string, open: number): number | undefined {
  let end = pastClosingBracket(line, open);
  while (end !== undefined) {
    const method = METHOD_CALL.exec(line.slice(end));
    if (method === null) return end;
    end = pastClosingBracket(line, end + method[0].length - 1);
  }
  return undefined;
}

function pastClosingBracket(line: string, open: number): number | undefined {
  const stack: string[] = [];
  for (let at = open; at < line.length; at += 1) {
    const char = line[at] as string;
    if (char === '"' || char === "'") {
      const close = line.indexOf(char, at + 1);
      if (close === -1) return undefined;
      at = close;
    } else if (char === '(' || char === '[' || char === '{') {
      stack.push(char);
    } else if (char in OPENING) {
      if (stack.pop() !== OPENING[char]) return undefined;
      if (stack.length === 0) return at + 1;
    }
  }
  return undefined;
}

function onlyWords(text: string): boolean {
  const words = text.replace(IGNORABLE, ' ').replace(APOSTROPHE, '').replace(EMOTICON, ' ').replace(/\t/g, ' ');
  return (
    !CODE_CHARACTERS.test(words) &&
    !INVISIBLE.test(words) &&
    !GLUED_CALL.test(words) &&
    !CODE_KEYWORDS.test(words) &&
    roundBracketsPair(words)
  );
}

/** "(입력 512, 출력 7)" is words; ":)" is a bracket without its pair. */
function roundBracketsPair(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
