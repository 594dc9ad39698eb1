// The challenge as private replies: a step with "Answer" (a text prompt: a modal on Discord and
// Slack, the next line in the console) and "Hint", then the grader's feedback. A wrong answer brings
// the hint the first time and, after more, a "Show the solution" button: the hint always comes first.
import { actionId } from '../../src/core/action-id.ts';
import { SOLUTION_AFTER_WRONG_ANSWERS, type ChallengeOutcome, type ChallengeState } from '../../src/core/challenge/challenge-service.ts';
import { MAX_ANSWER_LENGTH } from '../../src/core/challenge/grade.ts';
import type { ChallengeStep } from '../../src/core/lessons/content.ts';
import type { Block, Button, Reply } from '../../src/core/reply.ts';
import { pointsNote, type Translate } from './common.ts';

export function answerButtons(state: ChallengeState, step: ChallengeStep, t: Translate, retry = false): Button[] {
  const total = state.lesson.challenge.steps.length;
  return [
    {
      actionId: actionId('challenge', 'answer', state.lesson.id, step.step),
      label: retry ? t({ ko: '✏️ 다시 답하기', en: '✏️ Try again' }) : t({ ko: '✏️ 답하기', en: '✏️ Answer' }),
      style: 'primary',
      // Discord caps a modal title and an input label at 45 characters: these stay short.
      prompt: {
        title: t({ ko: `챌린지 ${step.step}/${total}단계`, en: `Challenge step ${step.step}/${total}` }),
        label: t({ ko: '내 답', en: 'Your answer' }),
        placeholder: t({ ko: '여기에 답을 적어 주세요', en: 'Type your answer here' }),
        multiline: step.grader.kind === 'linear',
        maxLength: MAX_ANSWER_LENGTH,
      },
    },
    { actionId: actionId('challenge', 'hint', state.lesson.id, step.step), label: t({ ko: '💡 힌트', en: '💡 Hint' }), style: 'secondary' },
  ];
}

function solutionButton(state: ChallengeState, step: ChallengeStep, t: Translate): Button {
  return {
    actionId: actionId('challenge', 'solution', state.lesson.id, step.step),
    label: t({ ko: '📖 풀이 보기', en: '📖 Show the solution' }),
    style: 'secondary',
  };
}

/** The scenario's printout (a model's head, a class list): every step reads its sizes from it. */
function scenarioCode(state: ChallengeState): Block[] {
  const { code } = state.lesson.challenge;
  return code ? [{ kind: 'code', text: code.text, language: code.language }] : [];
}

function heading(state: ChallengeState, t: Translate): string {
  return `${t({ ko: '챌린지', en: 'Challenge' })} · ${t(state.lesson.challenge.title)}`;
}

function solvedBar(state: ChallengeState, t: Translate): Block {
  return { kind: 'progress', label: t({ ko: '푼 단계', en: 'Steps solved' }), value: state.solved.length, max: state.lesson.challenge.steps.length };
}

export function stepReply(state: ChallengeState, step: ChallengeStep, t: Translate): Reply {
  const total = state.lesson.challenge.steps.length;
  const blocks: Block[] = [];
  if (step.step === 1) blocks.push({ kind: 'text', text: t(state.lesson.challenge.scenario) });
  blocks.push(...scenarioCode(state));
  blocks.push(
    { kind: 'heading', text: t({ ko: `${step.step}/${total}단계`, en: `Step ${step.step} of ${total}` }) },
    { kind: 'text', text: t(step.question) },
    solvedBar(state, t),
    { kind: 'buttons', buttons: answerButtons(state, step, t) },
  );
  return { title: heading(state, t), blocks, tone: 'info', private: true, target: 'reply' };
}

export function hintReply(state: ChallengeState, step: ChallengeStep, t: Translate): Reply {
  return {
    title: t({ ko: `💡 ${step.step}단계 힌트`, en: `💡 Hint for step ${step.step}` }),
    blocks: [
      { kind: 'text', text: t(step.hint) },
      { kind: 'buttons', buttons: answerButtons(state, step, t).slice(0, 1) },
    ],
    tone: 'info',
    private: true,
    target: 'reply',
  };
}

export function solutionReply(state: ChallengeState, step: ChallengeStep, t: Translate): Reply {
  const blocks: Block[] = [{ kind: 'text', text: t(step.solution) }];
  if (!state.solved.includes(step.step)) {
    blocks.push(
      { kind: 'text', text: t({ ko: '이해했다면 직접 답을 적어 보내 보세요.', en: 'Once it makes sense, send the answer in your own words.' }) },
      { kind: 'buttons', buttons: answerButtons(state, step, t).slice(0, 1) },
    );
  }
  return { title: t({ ko: `📖 ${step.step}단계 풀이`, en: `📖 Solution for step ${step.step}` }), blocks, tone: 'info', private: true, target: 'reply' };
}

export function feedbackReply(outcome: ChallengeOutcome, t: Translate): Reply {
  const { step, verdict, state } = outcome;
  const blocks: Block[] = [{ kind: 'text', text: [t(verdict.feedback), pointsNote(t, outcome.pointsEarned)].filter(Boolean).join(' ') }];
  if (verdict.correct) {
    blocks.push({ kind: 'text', text: `${t({ ko: '풀이', en: 'Solution' })}: ${t(step.solution)}` });
  } else if (outcome.wrongAnswers < SOLUTION_AFTER_WRONG_ANSWERS) {
    blocks.push({ kind: 'text', text: `💡 ${t({ ko: '힌트', en: 'Hint' })}: ${t(step.hint)}` });
    blocks.push({ kind: 'buttons', buttons: answerButtons(state, step, t, true).slice(0, 1) });
  } else {
    blocks.push({ kind: 'buttons', buttons: [...answerButtons(state, step, t, true), solutionButton(state, step, t)] });
  }
  return {
    title: verdict.correct
      ? t({ ko: `✅ ${step.step}단계 정답!`, en: `✅ Step ${step.step}: correct!` })
      : t({ ko: `❌ ${step.step}단계 — 다시 해 봐요`, en: `❌ Step ${step.step}: not yet` }),
    blocks,
    tone: verdict.correct ? 'success' : 'warning',
    private: true,
    target: 'reply',
  };
}

export function completedReply(state: ChallengeState, t: Translate): Reply {
  const total = state.lesson.challenge.steps.length;
  return {
    title: heading(state, t),
    blocks: [
      {
        kind: 'text',
        text: t({
          ko: `🏆 ${total}단계를 모두 풀었어요! 새 분류 헤드를 완성했어요.`,
          en: `🏆 You solved all ${total} steps: your new classifier head is ready.`,
        }),
      },
      solvedBar(state, t),
    ],
    tone: 'success',
    private: true,
    target: 'reply',
  };
}
