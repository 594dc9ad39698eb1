// A member's challenge answers for an instructor (/answers and the dashboard's answers page), the
// override itself as both use it, and the DM that tells the student their verdict changed.
import { actionId } from '../../src/core/action-id.ts';
import type { Delivery } from '../../src/core/member-messages.ts';
import type { Services } from '../../src/app/command.ts';
import type { MemberAnswers, OverrideOutcome, ReviewedAnswer } from '../../src/core/challenge/answer-review.ts';
import { userText } from '../../src/core/display-text.ts';
import type { LessonCatalog } from '../../src/core/lessons/content.ts';
import type { MemberRef } from '../../src/core/ports.ts';
import type { Block, Button, Language, Localized, Reply } from '../../src/core/reply.ts';
import { languageOf } from '../../src/core/roster/roster-service.ts';
import type { Translate } from './common.ts';

/** Chat shows the latest answers with a button each; the dashboard shows them all. */
export const ANSWERS_WITH_BUTTONS = 10;

/** Typed into the note prompt for "no note" (chat prompts can't be sent empty). */
export const NO_NOTE = '-';

export function verdictLabel(correct: boolean, t: Translate): string {
  return correct ? t({ ko: '✅ 정답', en: '✅ correct' }) : t({ ko: '❌ 오답', en: '❌ not correct' });
}

export function stepName(catalog: LessonCatalog, answer: Pick<ReviewedAnswer, 'lessonId' | 'step'>, t: Translate): string {
  const lesson = catalog.get(answer.lessonId);
  const title = lesson ? t(lesson.challenge.title) : '';
  return t({ ko: `${answer.lessonId}강 ${answer.step}단계`, en: `Lesson ${answer.lessonId}, step ${answer.step}` }) + (title ? ` · ${title}` : '');
}

/** "graded ✅ by the grader (correct) · overridden by Kim" in one line. */
export function verdictLine(answer: ReviewedAnswer, t: Translate): string {
  const grader = `${t({ ko: '채점기', en: 'grader' })}: ${answer.gradedCorrect ? '✅' : '❌'} ${answer.verdict}`;
  const last = answer.history.at(-1);
  const by = last ? ` · ${t({ ko: '강사 변경', en: 'overridden by' })} ${userText(last.byName)}` : '';
  return `${verdictLabel(answer.correct, t)} (${grader}${by})`;
}

export function answersReply(review: MemberAnswers, catalog: LessonCatalog, t: Translate): Reply {
  const name = userText(review.member.displayName);
  if (review.answers.length === 0) {
    return {
      title: t({ ko: `📝 ${name} 님의 챌린지 답`, en: `📝 ${name}'s challenge answers` }),
      blocks: [{ kind: 'text', text: t({ ko: '아직 챌린지 답이 없어요.', en: 'No challenge answers yet.' }) }],
      tone: 'info',
      private: true,
      target: 'reply',
    };
  }
  const latest = review.answers.slice(-ANSWERS_WITH_BUTTONS);
  const blocks: Block[] = [];
  if (latest.length < review.answers.length) {
    blocks.push({
      kind: 'text',
      text: t({
        ko: `답 ${review.answers.length}개 중 최근 ${latest.length}개예요. 전부는 대시보드(/dashboard)에서 볼 수 있어요.`,
        en: `The latest ${latest.length} of ${review.answers.length} answers. The dashboard (/dashboard) shows them all.`,
      }),
    });
  }
  for (const answer of latest) {
    blocks.push({
      kind: 'text',
      text: `**#${answer.id}** · ${stepName(catalog, answer, t)}\n${verdictLine(answer, t)}\n> ${userText(answer.text, { maxLength: 200 })}`,
    });
  }
  const buttons: Button[] = latest.map((answer) => overrideButton(answer, t));
  for (let i = 0; i < buttons.length; i += 5) blocks.push({ kind: 'buttons', buttons: buttons.slice(i, i + 5) });
  return { title: t({ ko: `📝 ${name} 님의 챌린지 답`, en: `📝 ${name}'s challenge answers` }), blocks, tone: 'info', private: true, target: 'reply' };
}

/** One button per answer: it flips the verdict that counts, after asking for a note. */
function overrideButton(answer: ReviewedAnswer, t: Translate): Button {
  const accept = !answer.correct;
  return {
    actionId: actionId('answers', 'set', answer.id, accept ? 'accept' : 'reject'),
    label: accept ? t({ ko: `✅ #${answer.id} 인정`, en: `✅ Accept #${answer.id}` }) : t({ ko: `❌ #${answer.id} 오답 처리`, en: `❌ Reject #${answer.id}` }),
    style: accept ? 'success' : 'danger',
    prompt: {
      title: t({ ko: `답 #${answer.id} 채점 변경`, en: `Re-grade answer #${answer.id}` }),
      label: t({ ko: '학생에게 남길 말 (없으면 -)', en: 'Note for the student (- for none)' }),
      placeholder: t({ ko: '예: 괄호만 빠졌지만 맞아요', en: 'e.g. Only a bracket missing, the idea is right' }),
      multiline: true,
      maxLength: 500,
    },
  };
}

export interface OverrideAndTell {
  outcome: OverrideOutcome;
  /** null when nothing changed (so nobody was told). */
  delivery: Delivery | null;
}

/** Overrides an answer and, when its verdict or note changed, tells the student in their DM. */
export async function overrideAndTell(
  services: Services,
  caller: MemberRef,
  answerId: number,
  correct: boolean,
  note: string | undefined,
): Promise<OverrideAndTell> {
  const typed = note?.trim();
  const outcome = await services.answerReview.override(caller, answerId, correct, typed && typed !== NO_NOTE ? typed : undefined);
  if (!outcome.changed) return { outcome, delivery: null };
  const classroom = await services.roster.classroomOf(outcome.student.classroomId);
  const lang = languageOf(outcome.student, undefined, classroom);
  const delivery = await services.messages.send(classroom, outcome.student, studentNotice(outcome, services.catalog, lang));
  return { outcome, delivery };
}

export function studentNotice(outcome: OverrideOutcome, catalog: LessonCatalog, lang: Language): Reply {
  const t = (text: Localized) => text[lang];
  const { answer } = outcome;
  const blocks: Block[] = [
    {
      kind: 'text',
      text: t({
        ko: `강사님이 ${stepName(catalog, answer, t)}의 내 답을 다시 봤어요: 이제 ${verdictLabel(answer.correct, t)}이에요.`,
        en: `Your instructor looked at your answer to ${stepName(catalog, answer, t)} again: it now counts as ${verdictLabel(answer.correct, t)}.`,
      }),
    },
    { kind: 'text', text: `> ${userText(answer.text, { maxLength: 300 })}` },
  ];
  if (answer.overrideNote)
    blocks.push({ kind: 'text', text: `${t({ ko: '강사님의 말', en: 'Note' })}: ${userText(answer.overrideNote, { multiline: true, maxLength: 500 })}` });
  if (outcome.pointsDelta !== 0) {
    const delta = outcome.pointsDelta > 0 ? `+${outcome.pointsDelta}` : `−${-outcome.pointsDelta}`;
    blocks.push({ kind: 'text', text: t({ ko: `점수 ${delta}점 (지금 ${outcome.points}점)`, en: `Points ${delta} (now ${outcome.points})` }) });
  }
  return {
    title: t({ ko: '📝 챌린지 답 채점이 바뀌었어요', en: '📝 Your challenge answer was re-graded' }),
    blocks,
    tone: answer.correct ? 'success' : 'warning',
    target: 'dm',
  };
}

/** What the instructor is told: the new verdict, the points, and whether the student heard. */
export function overrideConfirmation(result: OverrideAndTell, t: Translate): string {
  const { outcome, delivery } = result;
  const name = userText(outcome.student.displayName);
  if (!outcome.changed) {
    return t({
      ko: `답 #${outcome.answer.id} 은 이미 ${verdictLabel(outcome.answer.correct, t)}이에요. 바뀐 것이 없어요.`,
      en: `Answer #${outcome.answer.id} already counts as ${verdictLabel(outcome.answer.correct, t)}. Nothing changed.`,
    });
  }
  const delta = outcome.pointsDelta === 0 ? '±0' : outcome.pointsDelta > 0 ? `+${outcome.pointsDelta}` : `−${-outcome.pointsDelta}`;
  const told: Record<Delivery, Localized> = {
    sent: { ko: `${name} 님에게 DM으로 알렸어요.`, en: `${name} was told in a DM.` },
    closed: { ko: `${name} 님의 DM이 닫혀 있어서 알리지 못했어요.`, en: `${name}'s DMs are closed, so they weren't told.` },
    unreachable: {
      ko: `이 프로세스에서는 ${name} 님에게 DM을 보낼 수 없어 알리지 못했어요.`,
      en: `${name} couldn't be messaged from this process, so they weren't told.`,
    },
    failed: { ko: `${name} 님에게 보낸 DM이 실패했어요. 채점 변경은 저장됐어요.`, en: `The DM to ${name} failed; the new verdict is saved.` },
  };
  return [
    t({
      ko: `답 #${outcome.answer.id} (${name}): 이제 ${verdictLabel(outcome.answer.correct, t)}이에요. 점수 ${delta} (지금 ${outcome.points}점).`,
      en: `Answer #${outcome.answer.id} (${name}) now counts as ${verdictLabel(outcome.answer.correct, t)}. Points ${delta} (now ${outcome.points}).`,
    }),
    t(told[delivery ?? 'unreachable']),
  ].join(' ');
}
