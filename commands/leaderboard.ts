// /leaderboard: the class's top 10 in the channel, and the caller's own rank privately.
import { defineCommand } from '../src/app/command.ts';
import { me } from './views/common.ts';
import { leaderboardReplies } from './views/progress-view.ts';

export default defineCommand({
  name: 'leaderboard',
  description: { ko: '반 리더보드 (상위 10명과 내 순위)', en: 'Class leaderboard (top 10 and your rank)' },
  requiredRole: 'student',
  async run(ctx) {
    const board = await ctx.services.progress.leaderboard(me(ctx), 10);
    return leaderboardReplies(board, ctx.t, ctx.caller.role === 'instructor');
  },
});
