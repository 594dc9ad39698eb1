// /mydata [delete] [member]: a member's own data rights (FERPA/GDPR): see everything stored about
// them, with the full export as a JSON file in their DM, or erase it after a confirmation.
// An instructor may do the same for a member who asks (instructorOnly here, the core re-checks).
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { userError } from '../src/core/errors.ts';
import { intParam, me } from './views/common.ts';
import { confirmReply, erasedReply, exportReply } from './views/mydata-view.ts';

export default defineCommand({
  name: 'mydata',
  names: { ko: '내데이터' },
  description: { ko: '나에 대해 저장된 데이터를 보거나 지워요', en: 'See or delete the data stored about you' },
  options: [
    {
      name: 'action',
      names: { ko: '동작' },
      description: { ko: '보기 또는 지우기', en: 'Show or delete' },
      type: 'string',
      choices: [
        { name: { ko: '보기', en: 'show' }, value: 'show' },
        { name: { ko: '지우기', en: 'delete' }, value: 'delete' },
      ],
    },
    {
      name: 'member',
      names: { ko: '멤버' },
      description: { ko: '다른 멤버의 데이터 (강사 전용)', en: "Another member's data (instructors only)" },
      type: 'user',
    },
  ],
  requiredRole: 'student',
  // The export is private and about the caller, so a DM is as good a place as the class channel.
  allowInDm: true,
  async run(ctx, args) {
    const action = typeof args.action === 'string' ? args.action.trim().toLowerCase() || 'show' : 'show';
    if (action !== 'show' && action !== 'delete') {
      throw userError('mydata-action', '/mydata 다음에는 show 또는 delete 를 써 주세요.', 'After /mydata write show or delete.');
    }
    const who = typeof args.member === 'string' ? args.member.trim() : '';
    const own = !who || who === ctx.caller.platformUserId;
    if (!own) await instructorOnly.check(ctx, 'mydata member');
    const target = own ? null : await ctx.services.dataRights.memberFor(me(ctx), who);
    const memberId = target?.id ?? ctx.caller.memberId;
    if (action === 'show') return exportReply(await ctx.services.dataRights.collect(me(ctx), memberId), ctx, own);
    return confirmReply({ id: memberId, displayName: target?.displayName ?? ctx.caller.displayName }, ctx, own);
  },
  actions: {
    erase: {
      async run(ctx, input) {
        const memberId = intParam(input.params[0]);
        if (Number.isNaN(memberId)) {
          throw userError('stale-button', '오래된 버튼이에요. /mydata delete 로 다시 시작해 주세요.', 'That button is stale. Start again with /mydata delete.');
        }
        const result = await ctx.services.dataRights.erase(me(ctx), memberId);
        return erasedReply(result.erased ? result.counts : null, ctx);
      },
    },
    cancel: {
      async run(ctx) {
        const text = ctx.t({ ko: '취소했어요. 아무것도 지우지 않았어요.', en: 'Cancelled. Nothing was deleted.' });
        return { blocks: [{ kind: 'text', text }], tone: 'info', private: true, target: 'update' };
      },
    },
  },
});
