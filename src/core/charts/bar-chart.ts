// Horizontal bars in titled sections: one picture for a quiz's option shares and a funnel.
// Labels are member-visible text only through the caller (lesson content, numbers), escaped here.
import { escapeXml, FONT } from './svg.ts';

export interface BarRow {
  label: string;
  value: number;
  max: number;
  /** Written right of the bar (e.g. "12 · 40%"). */
  note: string;
  /** good: green (a right option), bad: red, neutral: blue. */
  tone?: 'good' | 'bad' | 'neutral';
}

export interface BarSection {
  title: string;
  rows: BarRow[];
}

const COLOURS = { good: '#2e8b57', bad: '#c8553d', neutral: '#4a78b5' } as const;
const WIDTH = 880;
const LABEL_WIDTH = 300;
const BAR_WIDTH = 420;
const ROW = 26;
const SECTION_GAP = 44;

/** Cuts long labels (option texts) by code point so a bar's label never runs into its bar. */
function shortened(text: string, max = 42): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function barChartSvg(title: string, sections: BarSection[]): string {
  const height = 60 + sections.reduce((h, s) => h + SECTION_GAP + s.rows.length * ROW, 0) + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="32" text-anchor="middle" font-size="20" ${FONT}>${escapeXml(title)}</text>`,
  ];
  let y = 60;
  for (const section of sections) {
    parts.push(`<text x="16" y="${y + 24}" font-size="15" font-weight="bold" ${FONT}>${escapeXml(shortened(section.title, 90))}</text>`);
    y += SECTION_GAP;
    for (const row of section.rows) {
      const ratio = row.max > 0 ? Math.min(1, Math.max(0, row.value / row.max)) : 0;
      const width = Math.max(ratio > 0 ? 2 : 0, Math.round(ratio * BAR_WIDTH));
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end" font-size="13" ${FONT}>${escapeXml(shortened(row.label))}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${BAR_WIDTH}" height="${ROW - 8}" fill="#eeeeee"/>`,
        `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${width}" height="${ROW - 8}" fill="${COLOURS[row.tone ?? 'neutral']}"/>`,
        `<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 17}" font-size="13" ${FONT}>${escapeXml(row.note)}</text>`,
      );
      y += ROW;
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
