// Text a member types to the bot in their DM. It is no command, but it never meets silence: a quiz
// question waiting for an answer is shown again (its letter, typed, answers it), and otherwise the
// member is told what to type, with the reviews due now.
import type { CommandContext, TextListener } from '../src/app/command.ts';
import { LETTERS, optionsShown, type QuizState } from '../src/core/quiz/quiz-service.ts';
import type { Reply } from '../src/core/reply.ts';
import { me } from './views/common.ts';
import { afterAnswer, alreadyAnsweredReply, questionReply } from './views/quiz-view.ts';

/** "B", "b.", "(c)", "D번": one option letter, as people type it (full-width letters too). */
const LETTER = /^\(?([a-j])\)?\s*[.)]?\s*번?$/i;

async function answerByLetter(ctx: CommandContext, state: QuizState, text: string): Promise<Reply[] | null> {
  const letter = LETTER.exec(text.normalize('NFKC').trim())?.[1]?.toUpperCase();
  const question = state.current === null ? undefined : state.questions[state.current];
  if (!letter || !question) return null;
  const option = optionsShown(state.attempt, question)[LETTERS.indexOf(letter)];
  if (!option) return null;
  const outcome = await ctx.services.quiz.answer(me(ctx), state.attempt.id, question.id, option.id);
  // No button was clicked, so the answered question is a new message, not an edit.
  return outcome.status === 'already' ? [alreadyAnsweredReply(outcome, ctx.t)] : afterAnswer(outcome, ctx.t, 'reply');
}

function waitingReplies(ctx: CommandContext, state: QuizState): Reply[] {
  const letters = `A–${LETTERS[(state.questions[state.current ?? 0]?.options.length ?? 4) - 1]}`;
  const text = ctx.t({
    ko: `수업 ${state.lesson.id} 퀴즈가 기다리고 있어요. 아래 문제의 보기 버튼을 누르거나, 보기 글자(${letters})를 입력해서 답해 주세요.`,
    en: `Your lesson ${state.lesson.id} quiz is waiting. Press an option button on the question below, or type its letter (${letters}).`,
  });
  return [
    { blocks: [{ kind: 'text', text }], tone: 'info', target: 'reply' },
    { ...questionReply(state, ctx.t), target: 'reply' },
  ];
}

async function helpReply(ctx: CommandContext): Promise<Reply> {
  const lessons = ctx.services.catalog.list();
  const lines: string[] = [];
  for (const lesson of lessons) {
    const next = await ctx.services.review.next(me(ctx), lesson.id);
    if (next.kind === 'question') {
      lines.push(
        ctx.t({
          ko: `📚 지금 복습할 문제가 ${next.due}개 있어요: /review ${lesson.id}`,
          en: `📚 ${next.due} review question${next.due === 1 ? ' is' : 's are'} due now: /review ${lesson.id}`,
        }),
      );
    }
  }
  const n = lessons[0]?.id ?? 7;
  const commands = ctx.t({
    ko: `저는 메시지가 아니라 명령으로 움직여요. 여기에 / 를 입력하고 명령을 골라 보세요:\n/lesson ${n} — 수업 보기\n/quiz ${n} — 퀴즈 풀기\n/review ${n} — 틀린 문제 복습\n/challenge ${n} — 챌린지\n/progress — 나의 진도\n/help — 모든 명령`,
    en: `I work by commands, not messages. Type / here and pick one:\n/lesson ${n} — read the lesson\n/quiz ${n} — take the quiz\n/review ${n} — go over the questions you missed\n/challenge ${n} — the challenge\n/progress — your progress\n/help — every command`,
  });
  return {
    title: ctx.t({ ko: '👋 무엇을 할까요?', en: '👋 What would you like to do?' }),
    blocks: [{ kind: 'text', text: [...lines, commands].join('\n\n') }],
    tone: 'info',
    target: 'reply',
  };
}

const directText: TextListener = {
  name: 'direct-text',
  async handle(ctx, text) {
    const [waiting] = await ctx.services.quiz.inProgress(me(ctx));
    if (waiting) return (await answerByLetter(ctx, waiting, text)) ?? waitingReplies(ctx, waiting);
    return helpReply(ctx);
  },
};

export default directText;
