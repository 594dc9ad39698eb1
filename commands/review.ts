// /review lesson: the quiz questions the member missed, asked again in a DM until each is answered
// right twice on different days (the schedule lives in the core, src/core/review).
import { defineCommand, type ActionHandler, type CommandContext } from '../src/app/command.ts';
import type { Reply } from '../src/core/reply.ts';
import { inDm, intParam, me } from './views/common.ts';
import { nextReviewReply, reviewAlreadyReply, reviewAnsweredReply } from './views/review-view.ts';

async function startInDm(ctx: CommandContext, lessonId: unknown): Promise<Reply> {
  const next = await ctx.services.review.next(me(ctx), lessonId);
  return inDm(ctx, nextReviewReply(next, ctx.t, ctx.services.review.now()), {
    ko: '📬 복습 문제를 DM으로 보냈어요.',
    en: '📬 I sent your review to your DMs.',
  });
}

/** From the quiz's score card, in the DM. */
const start: ActionHandler = {
  run: (ctx, { params }) => startInDm(ctx, intParam(params[0])),
};

const answer: ActionHandler = {
  async run(ctx, { params }) {
    const [itemId, round, optionId = ''] = params;
    const result = await ctx.services.review.answer(me(ctx), intParam(itemId), intParam(round), optionId);
    if (result.status === 'already') return reviewAlreadyReply(ctx.t);
    const now = ctx.services.review.now();
    return [reviewAnsweredReply(result, ctx.t, now), { ...nextReviewReply(result.next, ctx.t, now), target: 'reply' }];
  },
};

export default defineCommand({
  name: 'review',
  names: { ko: '복습' },
  description: { ko: '틀린 퀴즈 문제를 DM으로 다시 풀어요 (예: /review 7)', en: 'Go over the quiz questions you missed, in your DMs (e.g. /review 7)' },
  options: [{ name: 'lesson', names: { ko: '수업' }, description: { ko: '수업 번호', en: 'Lesson number' }, type: 'integer', required: true, minValue: 1 }],
  requiredRole: 'student',
  allowInDm: true,
  run: (ctx, args) => startInDm(ctx, args.lesson),
  actions: { start, answer },
});
