// Every number an answer mentions, with what the sentence around it says about it: which side of
// the layer it is ("input 512", "7 out", "the base's output of 512", "7 classes") and whether the
// answer says it is not the size ("not 512", "512가 아니라", "1000 아니고", "512 is wrong").
// Numbers come in digits ("512", "1,000", "512.0"), as Python integer expressions ("2**9", "0x200",
// "256*2", folded by int-expression.ts, never run) and in words (number-words.ts).
import type { SizeRole } from './feedback.ts';
import { integerExpressionValue } from './int-expression.ts';
import { numberWords } from './number-words.ts';

export interface Mention {
  value: number;
  start: number;
  end: number;
  role?: SizeRole;
  negated: boolean;
}

// A model's number: a usual depth (ResNet-18/34/50/101/152, VGG-11/13/16/19, DenseNet-121...) after
// a Latin letter and a hyphen, or after the name of a family people write with a space ("ResNet 18",
// "레즈넷 18"). "VGG16" is already one word. Only known depths, so "size-512" still reads as 512.
const MODEL_NUMBER =
  /(?:[A-Za-z][-\u2010\u2013]|(?<![A-Za-z])(?:resnet|resnext|wide_resnet|vgg|densenet|레스넷|레즈넷)[\s-]*)(?:11|13|16|18|19|34|50|101|121|152|161|169|201)(?!\d)/giu;
// A step label: "step 1", "Step #2", "1단계", "단계 1", "문제 1".
const STEP_LABEL = /(?<![\p{L}\p{N}_])(?:step|단계|문제)\s*#?\s*\d+|\d+\s*단계/giu;
// Thousands written with commas: "1,000".
const GROUPED = /(?<![\p{L}\p{N}_.])\d{1,3}(?:,\d{3})+(?![\d.])/gu;
// An integer or an integer expression: "512", "5_12", "0x200", "2**9", "256 * 2", "-7".
const INTEGER = String.raw`(?:0[xXoObB][0-9a-fA-F_]+|\d[\d_]*)`;
const EXPRESSION = new RegExp(
  String.raw`(?:(?<![\p{L}\p{N}_.)])-\s*)?(?<![\p{L}\p{N}_.])${INTEGER}(?:\s*(?:\*\*|\/\/|[*+%]|-)\s*${INTEGER})*(?![\p{L}\p{N}_]|\.\d)`,
  'gu',
);
// What is left: decimals and signs, "512.5", "-512", "7.0". Not glued to a Latin word (resnet18, Conv2d).
const DECIMAL = /(?<![A-Za-z0-9_.])(-?)(\d+)(?:\.(\d+))?/g;

// Where one statement about a size ends and the next begins.
const CLAUSE_BREAK = /[,;/()\n]|→|->|=>|\s(?:but|so|because|since|and|while|whereas|then)\s|니까|라서|지만|인데|그리고/giu;
// "A → B", "A to B": the layer's input, then its output.
const ARROW = /^\s*(?:→|->|=>|to)\s*$/i;

// Words that say which side of the layer a number is. The backbone's output is the layer's input,
// so "the base's output of 512" and "ResNet-18의 출력은 512" are inputs. "in" and "out" count only right beside the number.
const CUE =
  /(?<in>(?:base|backbone|feature extractor|베이스|백본|(?:resnet|vgg|densenet|mobilenet|efficientnet|레스넷|레즈넷)(?:[-\s]?\d+)?)(?:'s|의)?(?:\s+[A-Za-z]+){0,3}?\s*(?:outputs?|출력)|\binputs?\b|\bin_features\b|입력|들어오|들어가)|(?<out>\boutputs?\b|\bout_features\b|출력|\bclass(?:es)?\b|클래스|\bscores?\b|점수|\bcategor(?:y|ies)\b|범주|나가|나오)|(?<weakIn>\bin\b)|(?<weakOut>\bout\b)/giu;
const ADJACENT = /^[\s:=]*$/;
// "512 (in), 7 (out)": a bracketed "in" or "out" right after the number names its side.
const SIDE_IN_BRACKETS = /^\s*\(\s*(in|out)\s*\)/i;

// "not 512", "never 1000", "instead of 1000" ("not sure" is about the member, not the number).
const NEGATION_BEFORE = /\b(?:not|never|isn't|aren't|instead of|rather than|other than)\b(?!\s+(?:sure|certain))/i;
// "512 아니에요", "512가 아니라", "1000 아니고", "7 말고", "512 is wrong", "512? no". "512 아닌가요?"
// ("isn't it 512?") is a guess at 512, not a denial.
const NEGATION_AFTER =
  /^\s*[)\]]?\s*(?:\?\s*(?:no|nope|아니)|(?:(?:이|가|은|는|도)\s*)?(?:(?:정답|답)(?:이|은)?\s*)?(?:아니(?![가까면])|아님|아닙|아닌(?![가지데])|말고|빼고|틀|오답)|(?:is|was|would be)\s+(?:not|wrong|incorrect)\b)/iu;

/** The numbers of an answer, in the order they appear. */
export function numberMentions(answer: string): Mention[] {
  let text = blank(blank(answer, MODEL_NUMBER), STEP_LABEL);
  const found: Omit<Mention, 'negated'>[] = [];
  const take = (start: number, end: number, value: number | undefined) => {
    if (value === undefined) return;
    found.push({ value, start, end });
    text = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
  };
  for (const m of [...text.matchAll(GROUPED)]) take(m.index, m.index + m[0].length, Number(m[0].replace(/,/g, '')));
  for (const m of [...text.matchAll(EXPRESSION)]) take(m.index, m.index + m[0].length, integerExpressionValue(m[0]));
  for (const m of [...text.matchAll(DECIMAL)]) {
    const [, sign = '', whole = '', fraction = ''] = m;
    take(m.index, m.index + m[0].length, Number(`${sign}${whole}.${fraction || '0'}`));
  }
  for (const w of numberWords(text)) take(w.start, w.end, w.value);
  found.sort((a, b) => a.start - b.start);
  // Found once per answer, not once per number: a 500-character answer may hold 250 numbers.
  const context: Context = { text: answer, breaks: spans(answer, CLAUSE_BREAK), cues: cuesIn(answer) };
  const mentions = found.map((m, i) => ({ ...m, ...describe(context, m, found[i - 1]) }));
  arrowRoles(answer, mentions);
  return mentions;
}

function blank(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match) => ' '.repeat(match.length));
}

interface Span {
  start: number;
  end: number;
}
interface Cue extends Span {
  role: SizeRole;
  weak: boolean;
}
interface Context {
  text: string;
  breaks: Span[];
  cues: Cue[];
}

function spans(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function cuesIn(text: string): Cue[] {
  return [...text.matchAll(CUE)].map((m) => {
    const groups = m.groups ?? {};
    return {
      start: m.index,
      end: m.index + m[0].length,
      role: groups.in !== undefined || groups.weakIn !== undefined ? 'in' : 'out',
      weak: groups.weakIn !== undefined || groups.weakOut !== undefined,
    };
  });
}

/** The clause around a mention: from the last break before it to the first break after it. */
function clauseOf(breaks: Span[], length: number, at: Span): Span {
  let start = 0;
  let end = length;
  for (const b of breaks) {
    if (b.end <= at.start) start = b.end;
    else if (b.start >= at.end) {
      end = b.start;
      break;
    }
  }
  return { start, end };
}

function describe({ text, breaks, cues }: Context, mention: Span, previous: Span | undefined): { role?: SizeRole; negated: boolean } {
  const clause = clauseOf(breaks, text.length, mention);
  const before = text.slice(Math.max(clause.start, previous?.end ?? 0), mention.start);
  const negated = NEGATION_BEFORE.test(before) || NEGATION_AFTER.test(text.slice(mention.end, mention.end + 24));
  const bracketed = SIDE_IN_BRACKETS.exec(text.slice(mention.end, mention.end + 12))?.[1]?.toLowerCase();
  const role = bracketed === 'in' || bracketed === 'out' ? bracketed : nearestRole(text, cues, clause, mention);
  return role === undefined ? { negated } : { role, negated };
}

/** The side named by the cue closest to the number within its clause ("in"/"out" only right beside it). */
function nearestRole(text: string, cues: Cue[], clause: Span, mention: Span): SizeRole | undefined {
  let best: { distance: number; role: SizeRole } | undefined;
  for (const cue of cues) {
    if (cue.start < clause.start || cue.end > clause.end) continue;
    const gap = cue.end <= mention.start ? text.slice(cue.end, mention.start) : text.slice(mention.end, Math.max(mention.end, cue.start));
    if (cue.weak && !ADJACENT.test(gap)) continue;
    if (best === undefined || gap.length < best.distance) best = { distance: gap.length, role: cue.role };
  }
  return best?.role;
}

function arrowRoles(text: string, mentions: Mention[]): void {
  for (let i = 0; i + 1 < mentions.length; i += 1) {
    const [from, to] = [mentions[i] as Mention, mentions[i + 1] as Mention];
    if (from.role === undefined && to.role === undefined && ARROW.test(text.slice(from.end, to.start))) {
      from.role = 'in';
      to.role = 'out';
    }
  }
}
