// /report: the class report as a CSV file, for instructors.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { me } from './views/common.ts';

export default defineCommand({
  name: 'report',
  names: { ko: '보고서' },
  description: { ko: '반 전체 진도 보고서 (CSV, 강사 전용)', en: 'Class progress report as CSV (instructors only)' },
  // Reads every member's records and builds a CSV.
  slow: true,
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx) {
    const csv = await ctx.services.progress.reportCsv(me(ctx));
    const day = new Date().toISOString().slice(0, 10);
    return {
      title: ctx.t({ ko: '📊 반 진도 보고서', en: '📊 Class report' }),
      blocks: [
        { kind: 'text', text: ctx.t({ ko: '멤버마다 한 줄씩 정리했어요.', en: 'One row per member.' }) },
        // A BOM lets spreadsheet apps read the Hangul in names as UTF-8.
        { kind: 'file', file: { name: `class-report-${day}.csv`, contentType: 'text/csv; charset=utf-8', data: new TextEncoder().encode(`\uFEFF${csv}`) } },
      ],
      tone: 'info',
      private: true,
      target: 'reply',
    };
  },
});
