// The quiz as replies: a question with option buttons (in this attempt's order), the same question
// answered (buttons off, the right one green, a wrong pick red, the explanation), and the score
// card with the first attempt's score beside the best.
import { actionId } from '../../src/core/action-id.ts';
import type { MemberQuizStats } from '../../src/core/quiz/attempt-stats.ts';
import { optionsShown, type AnswerOutcome, type QuizState } from '../../src/core/quiz/quiz-service.ts';
import type { Reply } from '../../src/core/reply.ts';
import { choiceBlocks, explanationText, letterOf } from './choice-view.ts';
import { pointsNote, type Translate } from './common.ts';

function title(t: Translate, lessonId: number, index: number, total: number): string {
  return t({ ko: `퀴즈 · 수업 ${lessonId} — ${index + 1}/${total}`, en: `Quiz · Lesson ${lessonId} — ${index + 1}/${total}` });
}

const answerId = (state: QuizState, questionId: string) => (option: { id: string }) => actionId('quiz', 'answer', state.attempt.id, questionId, option.id);

/** The question to answer now; `current` must not be null. */
export function questionReply(state: QuizState, t: Translate): Reply {
  const index = state.current ?? 0;
  const question = state.questions[index];
  if (!question) throw new Error(`attempt ${state.attempt.id} has no question ${index}`);
  const resumed = state.resumed && index > 0 ? t({ ko: '이어서 풀어요. ', en: 'Picking up where you left off. ' }) : '';
  return {
    title: title(t, state.lesson.id, index, state.questions.length),
    blocks: choiceBlocks(t, question, optionsShown(state.attempt, question), answerId(state, question.id), undefined, resumed),
    tone: 'info',
  };
}

/** Replaces the answered question: buttons off, the right one marked, the explanation shown. */
export function answeredReply(outcome: AnswerOutcome, t: Translate): Reply {
  const { question, choice, state } = outcome;
  const shown = optionsShown(state.attempt, question);
  return {
    title: title(t, state.lesson.id, outcome.index, state.questions.length),
    blocks: [
      ...choiceBlocks(t, question, shown, answerId(state, question.id), { choice: choice.id }),
      { kind: 'text', text: explanationText(t, question, shown, choice, outcome.correct, pointsNote(t, outcome.pointsEarned)) },
    ],
    tone: outcome.correct ? 'success' : 'warning',
    target: 'update',
  };
}

/** A repeated click (double click, platform retry): nothing changes; the member sees what counts. */
export function alreadyAnsweredReply(outcome: AnswerOutcome, t: Translate): Reply {
  const n = outcome.index + 1;
  const letter = letterOf(optionsShown(outcome.state.attempt, outcome.question), outcome.choice.id);
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

const scoreText = (s: { score: number; total: number } | null) => (s ? `${s.score}/${s.total}` : '—');

export function scoreCard(state: QuizState, stats: MemberQuizStats, t: Translate): Reply {
  const total = state.questions.length;
  const score = state.attempt.score;
  const lessonId = state.lesson.id;
  const lines = [
    score === total
      ? t({ ko: '🎉 만점이에요!', en: '🎉 A perfect score!' })
      : t({ ko: `틀린 문제는 /review ${lessonId} 에서 다시 풀 수 있어요.`, en: `The questions you missed come back in /review ${lessonId}.` }),
    t({
      ko: '다시 풀면 다른 문제가 나와요. 첫 시도 점수는 그대로 남고, 최고 점수와 함께 보여요.',
      en: "A retake draws other questions. Your first attempt's score stays as it was, shown beside your best.",
    }),
  ];
  return {
    title: t({ ko: `퀴즈 결과 · 수업 ${lessonId}`, en: `Quiz results · Lesson ${lessonId}` }),
    blocks: [
      { kind: 'progress', label: t({ ko: '이번 점수', en: 'This attempt' }), value: score, max: total },
      {
        kind: 'fields',
        fields: [
          { name: t({ ko: '이번 점수', en: 'This attempt' }), value: `${score}/${total}`, inline: true },
          { name: t({ ko: '첫 시도', en: 'First attempt' }), value: scoreText(stats.first), inline: true },
          { name: t({ ko: '최고 점수', en: 'Best' }), value: scoreText(stats.best), inline: true },
          { name: t({ ko: '시도 횟수', en: 'Attempts' }), value: String(stats.attempts), inline: true },
        ],
      },
      { kind: 'text', text: lines.join('\n') },
      {
        kind: 'buttons',
        buttons: [
          { actionId: actionId('quiz', 'retake', lessonId), label: t({ ko: '🔁 다시 풀기', en: '🔁 Retake' }), style: 'primary' },
          ...(score < total
            ? [{ actionId: actionId('review', 'start', lessonId), label: t({ ko: '📚 복습하기', en: '📚 Review' }), style: 'secondary' as const }]
            : []),
          { actionId: actionId('challenge', 'open', lessonId), label: t({ ko: '🧩 챌린지 도전', en: '🧩 Try the challenge' }), style: 'secondary' },
        ],
      },
    ],
    tone: score === total ? 'success' : 'info',
  };
}

/** What follows a recorded answer: the question marked (in place of the clicked one), then the next question or the score card. */
export function afterAnswer(outcome: AnswerOutcome, t: Translate, answeredTarget: 'update' | 'reply' = 'update'): Reply[] {
  const next = outcome.state.current !== null ? questionReply(outcome.state, t) : scoreCard(outcome.state, outcome.stats, t);
  return [
    { ...answeredReply(outcome, t), target: answeredTarget },
    { ...next, target: 'reply' },
  ];
}
