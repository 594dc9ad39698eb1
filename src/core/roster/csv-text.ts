// Reading an uploaded roster's bytes as text and cells, the way spreadsheets write them: UTF-8
// with or without a BOM, UTF-16 (Excel's "Unicode Text"), or CP949/EUC-KR (Korean Excel's default
// "CSV", as far as EUC-KR reaches; see eucKrProblem); commas, semicolons (European Excel) or tabs; RFC 4180 quoting with doubled quotes and
// line breaks inside quotes; Excel's "sep=;" first line. Anything it can't read is a RosterCsvProblem
// naming the line, never a guess.

export interface CsvRecord {
  /** The physical line the record starts on (1-based), for error messages. */
  line: number;
  cells: string[];
}

export class RosterCsvProblem extends Error {
  constructor(
    readonly line: number | null,
    readonly ko: string,
    readonly en: string,
  ) {
    super(line === null ? en : `line ${line}: ${en}`);
    this.name = 'RosterCsvProblem';
  }
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'euc-kr';

export function decodeRoster(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  const bomless16 = utf16WithoutBom(bytes);
  if (bomless16) return { text: decode(bomless16, bytes), encoding: bomless16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Korean Windows and Excel save "CSV" as CP949, EUC-KR with more syllables.
  }
  const problem = eucKrProblem(bytes);
  if (problem?.kind === 'cp949-extension') {
    throw new RosterCsvProblem(
      problem.line,
      'EUC-KR에 없는 한글(CP949 확장 글자, 예: 똠, 햏)이 있어요. 스프레드시트에서 "CSV UTF-8"로 다시 저장해 주세요.',
      'this line has a Hangul syllable outside EUC-KR (a CP949 extension such as 똠). Save the file again as "CSV UTF-8".',
    );
  }
  if (problem) {
    throw new RosterCsvProblem(
      problem.line,
      '이 줄의 글자를 UTF-8로도 EUC-KR로도 읽을 수 없어요. 스프레드시트에서 "CSV UTF-8"로 다시 저장해 주세요.',
      'I can read this line neither as UTF-8 nor as EUC-KR. Save the file again from your spreadsheet as "CSV UTF-8".',
    );
  }
  // Node's euc-kr decoder is ICU's EUC-KR: right for every KS X 1001 pair, which eucKrProblem checked.
  return { text: new TextDecoder('euc-kr').decode(bytes), encoding: 'euc-kr' };
}

/**
 * Checks the bytes are EUC-KR (KS X 1001 pairs, both bytes 0xA1-0xFE). Node's decoder is not
 * Windows' CP949 (Korean Excel's "CSV"): the 8,822 extra syllables CP949 adds would come out as
 * garbage, and it does not refuse broken bytes, so both are found here, by line, before decoding.
 */
function eucKrProblem(bytes: Uint8Array): { kind: 'cp949-extension' | 'invalid'; line: number } | null {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    if (b < 0x80) continue;
    const next = bytes[i + 1] ?? 0;
    if (b >= 0xa1 && b <= 0xfe && next >= 0xa1 && next <= 0xfe) {
      i++;
      continue;
    }
    const cp949Trail = (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || (next >= 0x81 && next <= 0xfe);
    return { kind: b >= 0x81 && b <= 0xfe && cp949Trail ? 'cp949-extension' : 'invalid', line };
  }
  return null;
}

function decode(encoding: Encoding, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new RosterCsvProblem(
      null,
      `파일이 ${encoding} 형식이라고 표시돼 있지만 깨진 글자가 있어요.`,
      `The file says it is ${encoding}, but some of its characters are broken.`,
    );
  }
}

/** UTF-16 without a byte-order mark: ASCII letters leave every other byte zero. */
function utf16WithoutBom(bytes: Uint8Array): Encoding | null {
  const sample = bytes.subarray(0, Math.min(bytes.length - (bytes.length % 2), 400));
  if (sample.length < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = sample.length / 2;
  if (oddZero > pairs * 0.4 && evenZero === 0) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero === 0) return 'utf-16be';
  return null;
}

/** Splits the text into records; the delimiter is the one the header line uses most (outside quotes). */
export function parseCsv(text: string): CsvRecord[] {
  let body = text.replace(/^\uFEFF/, '');
  let delimiter: string | null = null;
  let line = 1;
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) {
    delimiter = sep[1]!;
    body = body.slice(sep[0].length);
    line = 2;
  }
  delimiter ??= guessDelimiter(body);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let start = line;
  let quoteLine = line;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && body[i + 1] !== '\n')) line++;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else {
      // A quote inside an unquoted cell (5'10") is kept as written, as Excel reads it.
      cell += c;
    }
  }
  if (quoted) {
    throw new RosterCsvProblem(
      quoteLine,
      `${quoteLine}번째 줄에서 시작한 따옴표(")가 끝나지 않아요.`,
      `a quote (") opened on line ${quoteLine} is never closed.`,
    );
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return records.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

function guessDelimiter(body: string): string {
  const firstLine = body.split(/\r?\n|\r/).find((l) => l.trim() !== '') ?? '';
  const outside = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, outside.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}
