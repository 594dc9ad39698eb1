// /challenge lesson: the lesson's challenge, step by step, answered in free text and graded by
// the core (parsed, never evaluated). Replies are private: classmates don't see each other's answers.
import { defineCommand, type ActionHandler, type CommandContext } from '../src/app/command.ts';
import type { ChallengeState } from '../src/core/challenge/challenge-service.ts';
import type { Reply } from '../src/core/reply.ts';
import { intParam, me } from './views/common.ts';
import { completedReply, feedbackReply, hintReply, solutionReply, stepReply } from './views/challenge-view.ts';

function currentStepReply(ctx: CommandContext, state: ChallengeState): Reply {
  const step = state.lesson.challenge.steps.find((s) => s.step === state.current);
  return step ? stepReply(state, step, ctx.t) : completedReply(state, ctx.t);
}

async function show(ctx: CommandContext, lessonId: unknown): Promise<Reply> {
  return currentStepReply(ctx, await ctx.services.challenge.state(me(ctx), lessonId));
}

const open: ActionHandler = {
  run: (ctx, { params }) => show(ctx, intParam(params[0])),
};

const answer: ActionHandler = {
  async run(ctx, { params, text }) {
    const outcome = await ctx.services.challenge.answer(me(ctx), intParam(params[0]), intParam(params[1]), text);
    const replies = [feedbackReply(outcome, ctx.t)];
    if (outcome.firstSolve) replies.push(currentStepReply(ctx, outcome.state));
    return replies;
  },
};

const hint: ActionHandler = {
  async run(ctx, { params }) {
    const { step, state } = await ctx.services.challenge.reachableStep(me(ctx), intParam(params[0]), intParam(params[1]));
    return hintReply(state, step, ctx.t);
  },
};

/** Refused by the service until the member has had the hint and tried again (SOLUTION_AFTER_WRONG_ANSWERS). */
const solution: ActionHandler = {
  async run(ctx, { params }) {
    const { step, state } = await ctx.services.challenge.solution(me(ctx), intParam(params[0]), intParam(params[1]));
    return solutionReply(state, step, ctx.t);
  },
};

export default defineCommand({
  name: 'challenge',
  names: { ko: '챌린지' },
  description: { ko: '수업 챌린지를 단계별로 풀어요 (예: /challenge 7)', en: "Work through a lesson's challenge, step by step (e.g. /challenge 7)" },
  options: [{ name: 'lesson', names: { ko: '수업' }, description: { ko: '수업 번호', en: 'Lesson number' }, type: 'integer', required: true, minValue: 1 }],
  requiredRole: 'student',
  // The quiz's score card, in a DM, offers the challenge next.
  allowInDm: true,
  run: (ctx, args) => show(ctx, args.lesson),
  actions: { open, answer, hint, solution },
});
