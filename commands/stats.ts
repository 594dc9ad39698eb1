// /stats lesson: what the class understood (quiz option shares, common challenge mistakes, the
// completion funnel), privately, for instructors; the core checks the recorded role again.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { me } from './views/common.ts';
import { statsReply } from './views/stats-view.ts';

export default defineCommand({
  name: 'stats',
  names: { ko: '분석' },
  description: {
    ko: '수업별 반 분석: 퀴즈 보기 선택, 챌린지 실수, 완료 단계 (강사 전용)',
    en: 'Class analytics for a lesson: quiz choices, challenge mistakes, completion (instructors only)',
  },
  options: [{ name: 'lesson', names: { ko: '수업' }, description: { ko: '수업 번호', en: 'Lesson number' }, type: 'integer', required: true, minValue: 1 }],
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx, args) {
    return statsReply(await ctx.services.analytics.lesson(me(ctx), args.lesson), ctx.t);
  },
});
