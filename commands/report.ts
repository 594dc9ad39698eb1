// /report [quiz_grade]: the class report and, beside it, a gradebook Canvas imports as it is
// (Grades → Import), both CSV, for instructors. quiz_grade picks the attempt the gradebook counts.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import type { FileAttachment } from '../src/core/reply.ts';
import { me } from './views/common.ts';

/** A BOM lets spreadsheet apps read the Hangul in names as UTF-8 (Canvas reads it too). */
function csvFile(name: string, csv: string): FileAttachment {
  return { name, contentType: 'text/csv; charset=utf-8', data: new TextEncoder().encode(`\uFEFF${csv}`) };
}

export default defineCommand({
  name: 'report',
  names: { ko: '보고서' },
  description: { ko: '반 전체 진도 보고서와 Canvas 성적표 (CSV, 강사 전용)', en: 'Class progress report and Canvas gradebook as CSV (instructors only)' },
  // Reads every member's records and builds a CSV.
  slow: true,
  options: [
    {
      name: 'quiz_grade',
      names: { ko: '퀴즈점수' },
      type: 'string',
      description: { ko: '성적표에 넣을 퀴즈 점수 (기본: 첫 시도)', en: 'Which quiz attempt the gradebook counts (default: first)' },
      choices: [
        { name: { ko: '첫 시도', en: 'first attempt' }, value: 'first' },
        { name: { ko: '최고 점수', en: 'best attempt' }, value: 'best' },
      ],
    },
  ],
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx, args) {
    const quiz = args.quiz_grade === 'best' ? 'best' : 'first';
    const [report, gradebook] = await Promise.all([ctx.services.progress.reportCsv(me(ctx)), ctx.services.progress.gradebookCsv(me(ctx), quiz)]);
    const day = new Date().toISOString().slice(0, 10);
    return {
      title: ctx.t({ ko: '📊 반 진도 보고서', en: '📊 Class report' }),
      blocks: [
        {
          kind: 'text',
          text: ctx.t({
            ko: `보고서는 멤버마다 한 줄이에요 (member_id는 바뀌지 않아요). 성적표는 Canvas의 성적 → 가져오기에 그대로 올릴 수 있어요 (퀴즈: ${quiz === 'first' ? '첫 시도' : '최고 점수'}).`,
            en: `The report has one row per member (member_id never changes). The gradebook imports into Canvas as it is, under Grades → Import (quiz: ${quiz === 'first' ? 'first attempt' : 'best attempt'}).`,
          }),
        },
        { kind: 'file', file: csvFile(`class-report-${day}.csv`, report) },
        { kind: 'file', file: csvFile(`canvas-gradebook-${day}.csv`, gradebook) },
      ],
      tone: 'info',
      private: true,
      target: 'reply',
    };
  },
});
