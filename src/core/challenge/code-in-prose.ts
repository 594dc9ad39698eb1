// People put the code inside a sentence: "nn.Linear(512, 7) 입니다", "I think it's nn.Linear(512, 7).",
// "nn.Linear(512, 7) ← 이거요", or a line of words under the code. A teacher reads the code and grades
// it, and so does the grader: the step checks that the member knows which layer to build and with
// which sizes, and politeness around a right answer shouldn't cost a retry. (The verdict then carries
// a short note that in a notebook the code goes on its own line.)
// A call the words deny ("I would not use nn.Linear(512, 7)", "nn.Linear(512, 7)을 쓰면 안 돼요",
// "nn.Linear(512, 7)이 아니라 ...") is not one the answer builds: it is counted apart.
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
// English denies before the call ("not", "I wouldn't use"); Korean after it ("…을 쓰면 안 돼요",
// "…이 아니라", "… 말고"), as does "… is wrong". "아니면" ("or") and "아닌가요" ("isn't it?") deny nothing.
const DENIAL_BEFORE =
  /\b(?:not|never|don't|do not|doesn't|does not|shouldn't|should not|wouldn't|would not|won't|can't|cannot|isn't|is not|instead of|rather than)\b(?!\s+(?:sure|certain))/i;
const DENIAL_AFTER =
  /^\s*(?:[?.!]\s*)?(?:(?:이|가|은|는|을|를|도)\s*)?(?:(?:정답|답)(?:이|은)?\s*)?(?:아니(?![가까면])|아님|아닙|아닌(?![가지데])|말고|빼고|대신|틀|오답|(?:쓰면|사용하면|하면|만들면|넣으면)\s*안\s*[돼됩되]|안\s*[돼됩되])|^\s*(?:is|was|would be)\s+(?:not|wrong|incorrect)\b|^\s*\?\s*(?:no|nope|아니)/iu;

/** The code found among an answer's words, the calls the words deny, and the words themselves. */
export interface CodeAmongWords {
  statements: Statement[];
  denied: number;
  words: string;
}

/**
 * The statements of an answer whose lines are code, or calls among plain words; undefined when a
 * line holds something that is neither.
 */
export function codeInProse(answer: string): CodeAmongWords | undefined {
  const result: CodeAmongWords = { statements: [], denied: 0, words: '' };
  for (const line of logicalLines(answer)) {
    if (line.trim() === '') continue;
    const code = readCode(line);
    const found = code.ok ? { statements: code.statements, denied: 0, words: '' } : callsAmongWords(line);
    if (found === undefined) return undefined;
    result.statements.push(...found.statements);
    result.denied += found.denied;
    result.words += `${found.words}\n`;
  }
  return result;
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

function callsAmongWords(line: string): CodeAmongWords | undefined {
  const calls: { statement: Statement; start: number; end: number }[] = [];
  let words = '';
  let readUpTo = 0;
  CALL_START.lastIndex = 0;
  for (let match = CALL_START.exec(line); match !== null; match = CALL_START.exec(line)) {
    const end = endOfCall(line, match.index + match[0].length - 1);
    const code = end === undefined ? undefined : readCode(line.slice(match.index, end));
    if (end !== undefined && code?.ok && code.statements.length === 1) {
      words += line.slice(readUpTo, match.index);
      calls.push({ statement: code.statements[0] as Statement, start: match.index, end });
      readUpTo = end;
    }
    // What didn't read stays among the words, where the checks below refuse it.
    CALL_START.lastIndex = end ?? match.index + match[0].length;
  }
  words += line.slice(readUpTo);
  if (!onlyWords(words)) return undefined;
  const kept = calls.filter((call, i) => {
    const before = line.slice(calls[i - 1]?.end ?? 0, call.start);
    const after = line.slice(call.end, calls[i + 1]?.start ?? line.length);
    return !DENIAL_BEFORE.test(before) && !DENIAL_AFTER.test(after);
  });
  return { statements: kept.map((call) => call.statement), denied: calls.length - kept.length, words };
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
  return !CODE_CHARACTERS.test(words) && !INVISIBLE.test(words) && !GLUED_CALL.test(words) && !CODE_KEYWORDS.test(words) && roundBracketsPair(words);
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
