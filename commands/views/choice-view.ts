// A multiple-choice question as buttons, shared by the quiz and /review: options in the order the
// member was shown them (lettered A, B, C…), and once answered the buttons off, the right one
// green, a wrong pick red, with the option's feedback and the question's explanation.
import type { QuizOption, QuizQuestion } from '../../src/core/lessons/content.ts';
import { LETTERS } from '../../src/core/quiz/quiz-service.ts';
import type { Block, Button } from '../../src/core/reply.ts';
import { label, type Translate } from './common.ts';

export function letterOf(shown: readonly QuizOption[], optionId: string): string {
  const i = shown.findIndex((o) => o.id === optionId);
  return i < 0 ? optionId : (LETTERS[i] ?? optionId);
}

/** The question (after `lead`, e.g. "picking up where you left off") and its option buttons; `answered` turns them off and colours them. */
export function choiceBlocks(
  t: Translate,
  question: QuizQuestion,
  shown: readonly QuizOption[],
  actionFor: (option: QuizOption) => string,
  answered?: { choice: string | null },
  lead = '',
): Block[] {
  const buttons = shown.map(
    (option, i): Button => ({
      actionId: actionFor(option),
      label: label(`${LETTERS[i]} · ${t(option.text)}`),
      style: !answered ? 'secondary' : option.id === question.answer ? 'success' : option.id === answered.choice ? 'danger' : 'secondary',
      ...(answered ? { disabled: true } : {}),
    }),
  );
  return [
    { kind: 'text', text: `${lead}${t(question.prompt)}` },
    { kind: 'buttons', buttons },
  ];
}

/** "✅ You chose B." with a note, then the option's feedback and the explanation. */
export function explanationText(t: Translate, question: QuizQuestion, shown: readonly QuizOption[], choice: QuizOption, correct: boolean, note = ''): string {
  const letter = letterOf(shown, choice.id);
  const verdict = `${correct ? '✅' : '❌'} ${t({ ko: `${letter}를 골랐어요.`, en: `You chose ${letter}.` })}`;
  return [[verdict, note].filter(Boolean).join(' '), t(choice.feedback), `💡 ${t(question.explanation)}`].filter((line) => line.trim() !== '').join('\n\n');
}
