// /quiz lesson: the lesson's questions one by one in a DM, with option buttons. Answers are final
// (the core records one per question), and a retake starts a new attempt; the best one counts.
import { defineCommand, type ActionHandler, type CommandContext } from '../src/app/command.ts';
import type { QuizState } from '../src/core/quiz/quiz-service.ts';
import type { Reply } from '../src/core/reply.ts';
import { intParam, me } from './views/common.ts';
import { alreadyAnsweredReply, answeredReply, questionReply, scoreCard } from './views/quiz-view.ts';

async function nextReply(ctx: CommandContext, state: QuizState): Promise<Reply> {
  if (state.current !== null) return questionReply(state, ctx.t);
  return scoreCard(state, await ctx.services.quiz.bestScore(me(ctx), state.lesson.id), ctx.t);
}

/** From a channel: the question goes to the member's DMs, and the channel gets a private pointer. */
async function startInDm(ctx: CommandContext, lessonId: unknown): Promise<Reply[]> {
  const state = await ctx.services.quiz.start(me(ctx), lessonId);
  if (ctx.direct) return [{ ...(await nextReply(ctx, state)), target: 'reply' }];
  return [
    { ...(await nextReply(ctx, state)), target: 'dm' },
    {
      blocks: [{ kind: 'text', text: ctx.t({ ko: '📬 퀴즈를 DM으로 보냈어요.', en: '📬 I sent the quiz to your DMs.' }) }],
      tone: 'info',
      private: true,
      target: 'reply',
    },
  ];
}

const start: ActionHandler = {
  run: (ctx, { params }) => startInDm(ctx, intParam(params[0])),
};

/** From the score card, already in the DM: the new attempt's first question follows right there. */
const retake: ActionHandler = {
  async run(ctx, { params }) {
    const state = await ctx.services.quiz.start(me(ctx), intParam(params[0]));
    return { ...(await nextReply(ctx, state)), target: 'reply' };
  },
};

const answer: ActionHandler = {
  async run(ctx, { params }) {
    const [attemptId, questionId = '', optionId = ''] = params;
    const outcome = await ctx.services.quiz.answer(me(ctx), intParam(attemptId), questionId, optionId);
    if (outcome.status === 'already') return alreadyAnsweredReply(outcome, ctx.t);
    const next = outcome.state.current !== null
      ? questionReply(outcome.state, ctx.t)
      : scoreCard(outcome.state, outcome.bestScore, ctx.t);
    return [answeredReply(outcome, ctx.t), { ...next, target: 'reply' }];
  },
};

export default defineCommand({
  name: 'quiz',
  names: { ko: '퀴즈' },
  description: { ko: '수업 퀴즈를 DM으로 풀어요 (예: /quiz 7)', en: "Take a lesson's quiz in your DMs (e.g. /quiz 7)" },
  options: [{ name: 'lesson', names: { ko: '수업' }, description: { ko: '수업 번호', en: 'Lesson number' }, type: 'integer', required: true, minValue: 1 }],
  requiredRole: 'student',
  allowInDm: true,
  run: (ctx, args) => startInDm(ctx, args.lesson),
  actions: { start, retake, answer },
});
