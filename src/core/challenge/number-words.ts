// Numbers written in words: "seven", "five hundred (and) twelve", "one thousand"; Korean native
// numbers (일곱, 여섯 개) and Sino-Korean ones (칠, 오백십이, 천 개). Korean words are only read as a
// whole word, or followed by a counter or an ending (개, 가지, 이에요, 입니다...), so the syllables
// numbers share with ordinary words (백본, 사용, 이에요, 천천히) are never read as numbers.

export interface WordNumber {
  value: number;
  start: number;
  end: number;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000 };
const ENGLISH_WORD = /[A-Za-z]+/g;

const NATIVE: Record<string, number> = {
  하나: 1,
  둘: 2,
  셋: 3,
  넷: 4,
  다섯: 5,
  여섯: 6,
  일곱: 7,
  여덟: 8,
  아홉: 9,
  열: 10,
  열하나: 11,
  열둘: 12,
  열셋: 13,
  열넷: 14,
  열다섯: 15,
  열여섯: 16,
  열일곱: 17,
  열여덟: 18,
  열아홉: 19,
  스물: 20,
};
const SINO_DIGITS: Record<string, number> = { 일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6, 칠: 7, 팔: 8, 구: 9 };
const SINO_UNITS: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
// 일 ("work", "one") and 이 (a particle, "two") alone are far more often words than numbers.
const NOT_ALONE = new Set(['일', '이']);
// What may follow a Korean number in the same word: counters, particles, the copula.
const ENDINGS = new Set([
  '',
  '개',
  '가지',
  '차원',
  '종류',
  '요',
  '이요',
  '예요',
  '에요',
  '이에요',
  '입니다',
  '이다',
  '이고',
  '이며',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '도',
  '로',
  '으로',
  '와',
  '과',
  '랑',
  '이랑',
  '니까',
  '이니까',
  '라서',
  '이라서',
  '이죠',
  '죠',
  '개요',
  '개예요',
  '개에요',
  '개입니다',
  '개의',
  '개가',
  '개를',
  '개도',
  '개로',
  '개니까',
  '개라서',
  '개이니까',
  '가지요',
  '가지예요',
  '가지입니다',
]);
const HANGUL_WORD = /[\uAC00-\uD7A3]+/g;

export function numberWords(text: string): WordNumber[] {
  return [...englishNumbers(text), ...koreanNumbers(text)].sort((a, b) => a.start - b.start);
}

function englishNumbers(text: string): WordNumber[] {
  const found: WordNumber[] = [];
  const words = [...text.matchAll(ENGLISH_WORD)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
  let i = 0;
  while (i < words.length) {
    const run: typeof words = [];
    for (let j = i; j < words.length; j += 1) {
      const { word, start } = words[j] as (typeof words)[number];
      const gap = run.length === 0 ? '' : text.slice((run[run.length - 1] as (typeof words)[number]).end, start);
      if (run.length > 0 && !/^[\s-]*$/.test(gap)) break;
      const isNumber = word in UNITS || word in SCALES;
      // "five hundred and twelve": an "and" between number words belongs to the number.
      const joins = word === 'and' && run.length > 0 && (words[j + 1]?.word ?? '') in UNITS;
      if (!isNumber && !joins) break;
      run.push(words[j] as (typeof words)[number]);
    }
    const value = run.length === 0 ? undefined : englishValue(run.map((w) => w.word));
    // A lone "one" is a pronoun far more often ("one per class") than an answer.
    if (value !== undefined && !(run.length === 1 && run[0]?.word === 'one')) {
      found.push({ value, start: (run[0] as (typeof words)[number]).start, end: (run[run.length - 1] as (typeof words)[number]).end });
    }
    i += Math.max(1, run.length);
  }
  return found;
}

function englishValue(words: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let last: 'unit' | 'scale' | undefined;
  for (const word of words) {
    if (word === 'and') continue;
    const unit = UNITS[word];
    if (unit !== undefined) {
      // "seven five" is two numbers, not 12; "twenty one" and "hundred twelve" are one.
      if (last === 'unit' && !(current % 100 >= 20 && current % 10 === 0 && unit < 10)) return undefined;
      current += unit;
      last = 'unit';
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      last = 'scale';
    } else {
      total += (current || 1) * 1000;
      current = 0;
      last = 'scale';
    }
  }
  return total + current;
}

function koreanNumbers(text: string): WordNumber[] {
  const found: WordNumber[] = [];
  for (const match of text.matchAll(HANGUL_WORD)) {
    const word = match[0];
    for (let length = word.length; length > 0; length -= 1) {
      if (!ENDINGS.has(word.slice(length))) continue;
      const value = koreanValue(word.slice(0, length));
      if (value === undefined) continue;
      found.push({ value, start: match.index, end: match.index + length });
      break;
    }
  }
  return found;
}

function koreanValue(word: string): number | undefined {
  const native = NATIVE[word];
  if (native !== undefined) return native;
  if (NOT_ALONE.has(word)) return undefined;
  let total = 0;
  let digit: number | undefined;
  let lastUnit = Infinity;
  for (const syllable of word) {
    const d = SINO_DIGITS[syllable];
    const unit = SINO_UNITS[syllable];
    if (d !== undefined) {
      // Two digits in a row (칠이) is a digit and a particle, not a number.
      if (digit !== undefined) return undefined;
      digit = d;
    } else if (unit !== undefined && unit < lastUnit) {
      total += (digit ?? 1) * unit;
      digit = undefined;
      lastUnit = unit;
    } else {
      return undefined;
    }
  }
  return total + (digit ?? 0);
}
