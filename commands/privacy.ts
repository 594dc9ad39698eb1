// /privacy leaderboard:show|hide: whether the public leaderboard names the member. Hidden by
// default (they appear as "Student N"); instructors' private views still show real names.
import { defineCommand } from '../src/app/command.ts';
import { userError } from '../src/core/errors.ts';
import { me } from './views/common.ts';

export default defineCommand({
  name: 'privacy',
  names: { ko: '개인정보' },
  description: { ko: '리더보드에 내 이름을 보일지 정해요', en: 'Choose whether the leaderboard shows your name' },
  options: [
    {
      name: 'leaderboard',
      names: { ko: '리더보드' },
      description: { ko: '이름 보이기 또는 숨기기', en: 'Show or hide your name' },
      type: 'string',
      choices: [
        { name: { ko: '이름 보이기', en: 'show my name' }, value: 'show' },
        { name: { ko: '이름 숨기기', en: 'hide my name' }, value: 'hide' },
      ],
    },
  ],
  requiredRole: 'student',
  allowInDm: true,
  async run(ctx, args) {
    const choice = typeof args.leaderboard === 'string' ? args.leaderboard.trim().toLowerCase() : '';
    if (!choice) {
      const { member } = await ctx.services.progress.mine(me(ctx));
      const text = member.showNameOnLeaderboard
        ? ctx.t({
            ko: '리더보드에 내 이름이 보여요. 숨기려면 /privacy leaderboard:hide',
            en: 'The leaderboard shows your name. To hide it: /privacy leaderboard:hide',
          })
        : ctx.t({
            ko: '리더보드에는 "학생 N" 으로만 보여요. 이름을 보이려면 /privacy leaderboard:show',
            en: 'The leaderboard shows you as "Student N". To show your name: /privacy leaderboard:show',
          });
      return { blocks: [{ kind: 'text', text }], tone: 'info', private: true, target: 'reply' };
    }
    if (choice !== 'show' && choice !== 'hide') {
      throw userError('privacy-choice', 'show 또는 hide 로 골라 주세요.', 'Please choose show or hide.');
    }
    await ctx.services.dataRights.showNameOnLeaderboard(me(ctx), choice === 'show');
    const text =
      choice === 'show'
        ? ctx.t({ ko: '이제 리더보드에 내 이름이 보여요.', en: 'The leaderboard will show your name.' })
        : ctx.t({ ko: '이제 리더보드에는 "학생 N" 으로만 보여요.', en: 'The leaderboard will show you as "Student N".' });
    return { blocks: [{ kind: 'text', text }], tone: 'success', private: true, target: 'reply' };
  },
});
