// CSV as RFC 4180 writes it (CRLF lines, fields quoted when they hold a comma, quote or line break,
// quotes doubled), plus the OWASP rule against formula injection: a cell a spreadsheet would read
// as a formula (= + - @, or a leading tab or CR, also after leading spaces, which some
// spreadsheets skip) starts with an apostrophe instead.

const FORMULA_START = /^[ ]*[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
