// /quiz lesson: questions drawn from the lesson's bank, one by one in a DM, with option buttons in
// an order of their own per attempt. Answers are final (the core records one per question); a
// retake starts a new attempt with other questions, and the first attempt's score stays beside the best.
import { defineCommand, type ActionHandler, type CommandContext } from '../src/app/command.ts';
import type { QuizState } from '../src/core/quiz/quiz-service.ts';
import type { Reply } from '../src/core/reply.ts';
import { inDm, intParam, me } from './views/common.ts';
import { afterAnswer, alreadyAnsweredReply, questionReply, scoreCard } from './views/quiz-view.ts';

async function nextReply(ctx: CommandContext, state: QuizState): Promise<Reply> {
  if (state.current !== null) return questionReply(state, ctx.t);
  return scoreCard(state, await ctx.services.quiz.stats(me(ctx), state.lesson.id), ctx.t);
}

/** From a channel: the question goes to the member's DMs, and the channel gets a private pointer once it has arrived. */
async function startInDm(ctx: CommandContext, lessonId: unknown): Promise<Reply> {
  const state = await ctx.services.quiz.start(me(ctx), lessonId);
  return inDm(ctx, await nextReply(ctx, state), { ko: '📬 퀴즈를 DM으로 보냈어요.', en: '📬 I sent the quiz to your DMs.' });
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
    return afterAnswer(outcome, ctx.t);
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
