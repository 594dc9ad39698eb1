// /answers member: every challenge answer a member typed, with the grader's verdict, and a button
// per answer to accept or reject it (with a note the student sees). Instructors only; the core
// checks the caller's recorded role again, and the student hears of the change in a DM.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { answersReply, overrideAndTell, overrideConfirmation } from './views/answers-view.ts';
import { intParam, me } from './views/common.ts';
import { userError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'answers',
  names: { ko: '답안' },
  description: { ko: '멤버의 챌린지 답과 채점 변경 (강사 전용)', en: "A member's challenge answers, and re-grading them (instructors only)" },
  options: [{ name: 'member', description: { ko: '멤버', en: 'Member' }, type: 'user', required: true }],
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx, args) {
    const who = typeof args.member === 'string' ? args.member : '';
    return answersReply(await ctx.services.answerReview.answersOf(me(ctx), who), ctx.services.catalog, ctx.t);
  },
  actions: {
    // answers:set:<answerId>:accept|reject, with the note typed into the prompt.
    set: {
      async run(ctx, { params, text }) {
        const answerId = intParam(params[0]);
        const verdict = params[1];
        if (Number.isNaN(answerId) || (verdict !== 'accept' && verdict !== 'reject')) {
          throw userError(
            'stale-action',
            '이 버튼은 더 이상 쓸 수 없어요. 명령을 다시 실행해 주세요.',
            'This button no longer works. Please run the command again.',
          );
        }
        const result = await overrideAndTell(ctx.services, me(ctx), answerId, verdict === 'accept', text);
        return {
          blocks: [{ kind: 'text', text: overrideConfirmation(result, ctx.t) }],
          tone: result.outcome.changed ? 'success' : 'info',
          private: true,
          target: 'reply',
        };
      },
    },
  },
});
