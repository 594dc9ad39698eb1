// An instructor's roster file to roster entries. Columns are found by their header, in any order,
// in English or Korean (name/이름/성명, id/학번, email/이메일, Discord or Slack id); other columns
// are set aside and named in the answer. Every problem is collected with its line, and one problem
// refuses the whole file: a roster imported halfway is worse than none.
import { cleanUserText, MAX_NAME_LENGTH } from '../display-text.ts';
import { UserError } from '../errors.ts';
import type { RosterEntry } from '../ports.ts';
import { decodeRoster, parseCsv, RosterCsvProblem, type CsvRecord, type Encoding } from './csv-text.ts';

export { RosterCsvProblem };

export const MAX_ROSTER_ROWS = 2_000;
const MAX_ID_LENGTH = 64;
const MAX_PROBLEMS_SHOWN = 8;

type Column = 'name' | 'first' | 'last' | 'studentId' | 'email' | 'platformId';

/** Headers as people write them, compared without case, spaces, dots, dashes or underscores. */
const HEADERS: Record<Column, string[]> = {
  name: ['name', 'fullname', 'studentname', 'student', 'displayname', 'nickname', '이름', '성명', '학생', '학생이름', '학생명', '닉네임', '표시이름'],
  first: ['firstname', 'givenname', 'first'],
  last: ['lastname', 'surname', 'familyname', 'last', '성'],
  studentId: ['id', 'studentid', 'studentnumber', 'studentno', 'sisid', 'sisuserid', 'number', 'no', '학번', '학생번호', '번호', '아이디'],
  email: ['email', 'emailaddress', 'mail', 'sisloginid', '이메일', '이메일주소', '메일', '전자우편'],
  platformId: ['discordid', 'slackid', 'userid', 'discord', 'slack', 'memberid', 'platformid', '디스코드id', '디스코드아이디', '슬랙id', '슬랙아이디'],
};

export interface RosterFile {
  entries: (RosterEntry & { line: number })[];
  encoding: Encoding;
  /** Header cells that are none of the known columns, as written. */
  ignoredColumns: string[];
}

/** A file that can't be imported: a UserError whose text lists the first few lines' problems. */
export class RosterFileError extends UserError {
  constructor(readonly problems: RosterCsvProblem[]) {
    super('roster-file', { ko: describe(problems, 'ko'), en: describe(problems, 'en') });
  }
}

function describe(problems: RosterCsvProblem[], lang: 'ko' | 'en'): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => {
    if (p.line === null) return p[lang];
    return lang === 'ko' ? `${p.line}번째 줄: ${p.ko}` : `line ${p.line}: ${p.en}`;
  });
  const more = problems.length - shown.length;
  if (more > 0) shown.push(lang === 'ko' ? `…그 밖에 ${more}개 더 있어요.` : `…and ${more} more.`);
  const intro = lang === 'ko' ? '명단을 가져오지 않았어요. 고쳐서 다시 올려 주세요:' : 'Nothing was imported. Fix these and upload the file again:';
  return [intro, ...shown].join('\n');
}

export function readRosterFile(bytes: Uint8Array): RosterFile {
  let records: CsvRecord[];
  let encoding: Encoding;
  try {
    const decoded = decodeRoster(bytes);
    encoding = decoded.encoding;
    records = parseCsv(decoded.text);
  } catch (error) {
    if (error instanceof RosterCsvProblem) throw new RosterFileError([error]);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new RosterFileError([new RosterCsvProblem(null, '파일이 비어 있어요.', 'The file is empty.')]);
  const { columns, ignored, problems } = readHeader(header);
  if (rows.length > MAX_ROSTER_ROWS) {
    problems.push(
      new RosterCsvProblem(
        null,
        `한 번에 ${MAX_ROSTER_ROWS}명까지 올릴 수 있어요 (${rows.length}줄).`,
        `A roster can list at most ${MAX_ROSTER_ROWS} members (this one has ${rows.length} rows).`,
      ),
    );
  }
  if (problems.length > 0) throw new RosterFileError(problems);
  const entries = rows.map((row) => readRow(row, header.cells.length, columns, problems));
  checkDuplicates(entries, problems);
  if (problems.length > 0) throw new RosterFileError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return { entries: entries.filter((e): e is RosterEntry & { line: number } => e !== null), encoding, ignoredColumns: ignored };
}

function normalizeHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s._\-()]/g, '');
}

function readHeader(header: CsvRecord): { columns: Map<Column, number>; ignored: string[]; problems: RosterCsvProblem[] } {
  const columns = new Map<Column, number>();
  const ignored: string[] = [];
  const problems: RosterCsvProblem[] = [];
  header.cells.forEach((cell, index) => {
    const key = normalizeHeader(cell);
    const column = (Object.keys(HEADERS) as Column[]).find((c) => HEADERS[c].includes(key));
    if (!column) {
      if (cell.trim()) ignored.push(cleanUserText(cell, { maxLength: 40 }));
      return;
    }
    if (columns.has(column)) {
      const shown = cleanUserText(cell, { maxLength: 40 });
      problems.push(
        new RosterCsvProblem(
          header.line,
          `"${shown}" 열과 같은 뜻의 열이 두 개예요. 하나만 남겨 주세요.`,
          `two columns mean the same as "${shown}"; keep one of them.`,
        ),
      );
      return;
    }
    columns.set(column, index);
  });
  if (!columns.has('name') && !(columns.has('first') || columns.has('last'))) {
    const found = header.cells.map((c) => `"${cleanUserText(c, { maxLength: 30 })}"`).join(', ');
    problems.push(
      new RosterCsvProblem(
        header.line,
        `이름 열을 찾지 못했어요. 첫 줄에 "이름"(또는 name) 열 제목이 있어야 해요. 찾은 열: ${found}`,
        `no name column. The first line must name the columns, one of them "name" (or 이름). Columns found: ${found}`,
      ),
    );
  }
  return { columns, ignored, problems };
}

function readRow(row: CsvRecord, width: number, columns: Map<Column, number>, problems: RosterCsvProblem[]): (RosterEntry & { line: number }) | null {
  const problem = (ko: string, en: string) => {
    problems.push(new RosterCsvProblem(row.line, ko, en));
    return null;
  };
  const extra = row.cells.slice(width).filter((c) => c.trim() !== '');
  if (extra.length > 0) {
    return problem(
      `값이 ${row.cells.length}개인데 열은 ${width}개예요. 이름에 쉼표가 있으면 따옴표로 감싸 주세요.`,
      `${row.cells.length} values but ${width} columns; a name with a comma needs quotes around it.`,
    );
  }
  const cell = (column: Column) => {
    const index = columns.get(column);
    return index === undefined ? '' : (row.cells[index] ?? '').trim();
  };
  const name = cleanUserText(fullName(cell('name'), cell('first'), cell('last')), { maxLength: MAX_NAME_LENGTH });
  if (!name) return problem('이름이 비어 있어요.', 'the name is empty.');
  const studentId = cell('studentId');
  if (/^\d(\.\d+)?e\+\d+$/i.test(studentId)) {
    return problem(
      `학번 "${studentId}"은(는) 엑셀이 숫자로 바꾼 모양이에요. 학번 열을 텍스트 형식으로 바꿔 다시 저장해 주세요.`,
      `the id "${studentId}" looks like Excel turned it into a number; format the id column as text and save again.`,
    );
  }
  if ([...studentId].length > MAX_ID_LENGTH)
    return problem(`학번이 너무 길어요 (${MAX_ID_LENGTH}자까지).`, `the id is too long (at most ${MAX_ID_LENGTH} characters).`);
  const email = cell('email');
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    const shown = cleanUserText(email, { maxLength: 60 });
    return problem(`"${shown}"은(는) 이메일 주소가 아니에요.`, `"${shown}" is not an email address.`);
  }
  const platformId = cell('platformId')
    .replace(/^<@!?|>$/g, '')
    .replace(/^@/, '');
  if (platformId && !/^[A-Za-z0-9]{1,40}$/.test(platformId)) {
    return problem(
      `"${cleanUserText(platformId, { maxLength: 40 })}"은(는) 디스코드나 슬랙 사용자 ID가 아니에요.`,
      `"${cleanUserText(platformId, { maxLength: 40 })}" is not a Discord or Slack user id.`,
    );
  }
  return {
    line: row.line,
    displayName: name,
    ...(studentId ? { studentId: cleanUserText(studentId) } : {}),
    ...(email ? { email: email.toLowerCase() } : {}),
    ...(platformId ? { platformUserId: platformId } : {}),
  };
}

/** Korean "성" + "이름" read family name first with no space (김 + 민지); first and last names with one. */
function fullName(name: string, first: string, last: string): string {
  const given = first || name;
  if (!last) return given;
  return /[가-힣]/.test(last + given) ? `${last}${given}` : [given, last].filter(Boolean).join(' ');
}

/** Two lines for one student would import as one member or fail halfway: both lines are named. */
function checkDuplicates(entries: ((RosterEntry & { line: number }) | null)[], problems: RosterCsvProblem[]): void {
  const keys: [string, (e: RosterEntry) => string | undefined, string, string][] = [
    ['studentId', (e) => e.studentId, '학번', 'id'],
    ['email', (e) => e.email, '이메일', 'email'],
    ['platformUserId', (e) => e.platformUserId, '사용자 ID', 'user id'],
    [
      'name',
      (e) => (e.studentId || e.email || e.platformUserId ? undefined : e.displayName.toLocaleLowerCase()),
      '이름 (학번이나 이메일 없이)',
      'name (with no id or email)',
    ],
  ];
  for (const [, pick, ko, en] of keys) {
    const seen = new Map<string, number>();
    for (const entry of entries) {
      const key = entry && pick(entry);
      if (!entry || !key) continue;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, entry.line);
      else problems.push(new RosterCsvProblem(entry.line, `${first}번째 줄과 ${ko}이(가) 같아요.`, `same ${en} as line ${first}.`));
    }
  }
}
