// The quiz as replies: a question with option buttons, the same question answered (buttons off,
// the right one green, a wrong pick red, the explanation), and the score card.
import { actionId } from '../../src/core/action-id.ts';
import type { QuizQuestion } from '../../src/core/lessons/content.ts';
import type { AnswerOutcome, QuizState } from '../../src/core/quiz/quiz-service.ts';
import type { Button, Reply } from '../../src/core/reply.ts';
import { label, pointsNote, type Translate } from './common.ts';

const LETTERS = 'ABCDEFGHIJ';

function title(t: Translate, lessonId: number, index: number, total: number): string {
  return t({ ko: `퀴즈 · 수업 ${lessonId} — ${index + 1}/${total}`, en: `Quiz · Lesson ${lessonId} — ${index + 1}/${total}` });
}

function optionButton(t: Translate, question: QuizQuestion, i: number, button: Partial<Button> & Pick<Button, 'actionId'>): Button {
  const option = question.options[i];
  return { label: label(`${LETTERS[i]} · ${option ? t(option.text) : '?'}`), style: 'secondary', ...button };
}

/** The question to answer now; `current` must not be null. */
export function questionReply(state: QuizState, t: Translate): Reply {
  const index = state.current ?? 0;
  const question = state.lesson.quiz[index];
  if (!question) throw new Error(`lesson ${state.lesson.id} has no question ${index}`);
  const buttons = question.options.map((option, i) =>
    optionButton(t, question, i, { actionId: actionId('quiz', 'answer', state.attempt.id, question.id, option.id) }),
  );
  const resumed =
    state.resumed && index > 0 ? t({ ko: '이어서 풀어요. ', en: 'Picking up where you left off. ' }) : '';
  return {
    title: title(t, state.lesson.id, index, state.lesson.quiz.length),
    blocks: [
      { kind: 'text', text: `${resumed}${t(question.prompt)}` },
      { kind: 'buttons', buttons },
    ],
    tone: 'info',
  };
}

/** Replaces the answered question: buttons off, the right one marked, the explanation shown. */
export function answeredReply(outcome: AnswerOutcome, t: Translate): Reply {
  const { question, choice, state } = outcome;
  const buttons = question.options.map((option, i) =>
    optionButton(t, question, i, {
      actionId: actionId('quiz', 'answer', state.attempt.id, question.id, option.id),
      disabled: true,
      style: option.id === question.answer ? 'success' : option.id === choice.id ? 'danger' : 'secondary',
    }),
  );
  // The option's own feedback already says right or wrong; the verdict line names the choice.
  const letter = LETTERS[question.options.findIndex((o) => o.id === choice.id)] ?? choice.id;
  const verdict = `${outcome.correct ? '✅' : '❌'} ${t({ ko: `${letter}를 골랐어요.`, en: `You chose ${letter}.` })}`;
  const lines = [
    [verdict, pointsNote(t, outcome.pointsEarned)].filter(Boolean).join(' '),
    t(choice.feedback),
    `💡 ${t(question.explanation)}`,
  ].filter((line) => line.trim() !== '');
  return {
    title: title(t, state.lesson.id, outcome.index, state.lesson.quiz.length),
    blocks: [
      { kind: 'text', text: t(question.prompt) },
      { kind: 'buttons', buttons },
      { kind: 'text', text: lines.join('\n\n') },
    ],
    tone: outcome.correct ? 'success' : 'warning',
    target: 'update',
  };
}

/** A repeated click (double click, platform retry): nothing changes; the member sees what counts. */
export function alreadyAnsweredReply(outcome: AnswerOutcome, t: Translate): Reply {
  const n = outcome.index + 1;
  const letter = LETTERS[outcome.question.options.findIndex((o) => o.id === outcome.choice.id)] ?? outcome.choice.id;
  const result = outcome.correct ? t({ ko: '정답', en: 'correct' }) : t({ ko: '오답', en: 'not correct' });
  return {
    blocks: [
      {
        kind: 'text',
        text: t({
          ko: `${n}번 문제에는 이미 답했어요: ${letter}를 골랐고 ${result}이었어요. 기록은 그대로예요.`,
          en: `You already answered question ${n}: you chose ${letter}, which was ${result}. Nothing changed.`,
        }),
      },
    ],
    tone: 'info',
    private: true,
    target: 'reply',
  };
}

export function scoreCard(state: QuizState, bestScore: number, t: Translate): Reply {
  const total = state.lesson.quiz.length;
  const score = state.attempt.score;
  const cheer =
    score === total
      ? t({ ko: '🎉 만점이에요!', en: '🎉 A perfect score!' })
      : t({ ko: '언제든 다시 풀 수 있어요. 가장 좋은 점수가 남아요.', en: 'Retake it any time: your best score is the one that counts.' });
  return {
    title: t({ ko: `퀴즈 결과 · 수업 ${state.lesson.id}`, en: `Quiz results · Lesson ${state.lesson.id}` }),
    blocks: [
      { kind: 'progress', label: t({ ko: '이번 점수', en: 'This attempt' }), value: score, max: total },
      {
        kind: 'fields',
        fields: [
          { name: t({ ko: '점수', en: 'Score' }), value: `${score}/${total}`, inline: true },
          { name: t({ ko: '최고 점수', en: 'Best' }), value: `${bestScore}/${total}`, inline: true },
        ],
      },
      { kind: 'text', text: cheer },
      {
        kind: 'buttons',
        buttons: [
          { actionId: actionId('quiz', 'retake', state.lesson.id), label: t({ ko: '🔁 다시 풀기', en: '🔁 Retake' }), style: 'primary' },
          { actionId: actionId('challenge', 'open', state.lesson.id), label: t({ ko: '🧩 챌린지 도전', en: '🧩 Try the challenge' }), style: 'secondary' },
        ],
      },
    ],
    tone: score === total ? 'success' : 'info',
  };
}
