// /progress [member]: your own progress, privately; another member's is for instructors (the
// core checks the caller's recorded role again).
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { me } from './views/common.ts';
import { progressReply } from './views/progress-view.ts';

export default defineCommand({
  name: 'progress',
  names: { ko: '진도' },
  description: { ko: '나의 진도와 점수를 봐요', en: 'See your progress and points' },
  options: [
    {
      name: 'member',
      names: { ko: '멤버' },
      description: { ko: '다른 멤버의 진도 (강사 전용)', en: "Another member's progress (instructors only)" },
      type: 'user',
    },
  ],
  requiredRole: 'student',
  async run(ctx, args) {
    const who = typeof args.member === 'string' ? args.member.trim() : '';
    if (!who || who === ctx.caller.platformUserId) {
      return progressReply(await ctx.services.progress.mine(me(ctx)), ctx.t, true);
    }
    await instructorOnly.check(ctx, 'progress member');
    return progressReply(await ctx.services.progress.of(me(ctx), who), ctx.t, false);
  },
});
