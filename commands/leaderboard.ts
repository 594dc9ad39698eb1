// /leaderboard: the class's top 10, posted in the channel by an instructor. Students see their
// own rank in /progress; the class-wide view is the instructor's to share (the core re-checks).
// Public, so it names only members who chose that (/privacy); others appear as "Student N".
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { me } from './views/common.ts';
import { leaderboardReply } from './views/progress-view.ts';

export default defineCommand({
  name: 'leaderboard',
  names: { ko: '리더보드' },
  description: { ko: '반 리더보드 상위 10명 (강사 전용)', en: 'Class leaderboard, top 10 (instructors only)' },
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx) {
    return leaderboardReply(await ctx.services.progress.leaderboard(me(ctx), 10), ctx.t, ctx.caller.memberId);
  },
});
