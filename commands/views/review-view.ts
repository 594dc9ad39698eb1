// /review as replies: a missed question again (its options in an order of this showing), the
// answer with how far the question is from done, and what to say when nothing is due.
import { actionId } from '../../src/core/action-id.ts';
import type { Reply } from '../../src/core/reply.ts';
import { DAY_MS, RIGHTS_TO_FINISH, type ReviewAnswer, type ReviewNext } from '../../src/core/review/review-service.ts';
import { choiceBlocks, explanationText } from './choice-view.ts';
import type { Translate } from './common.ts';

const title = (t: Translate, lessonId: number) => t({ ko: `복습 · 수업 ${lessonId}`, en: `Review · Lesson ${lessonId}` });

/** "2026-12-03 09:00 UTC (in about 23 hours)": platform-neutral, and the relative part needs no time zone. */
export function when(t: Translate, at: Date, now: Date): string {
  const stamp = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const hours = Math.max(1, Math.round((at.getTime() - now.getTime()) / 3_600_000));
  const days = Math.round((at.getTime() - now.getTime()) / DAY_MS);
  const relative =
    hours < 36
      ? t({ ko: `약 ${hours}시간 뒤`, en: `in about ${hours} hour${hours === 1 ? '' : 's'}` })
      : t({ ko: `약 ${days}일 뒤`, en: `in about ${days} days` });
  return `${stamp} (${relative})`;
}

function note(text: string, tone: Reply['tone'] = 'info'): Reply {
  return { blocks: [{ kind: 'text', text }], tone };
}

/** The next thing /review has for the member: a question, or why there is none. */
export function nextReviewReply(next: ReviewNext, t: Translate, now: Date): Reply {
  const id = next.lesson.id;
  switch (next.kind) {
    case 'question': {
      const { item, question, shown } = next;
      const count = t({ ko: `지금 복습할 문제 ${next.due}개 · 남은 문제 ${next.left}개`, en: `${next.due} due now · ${next.left} still to master` });
      return {
        title: title(t, id),
        blocks: [{ kind: 'text', text: count }, ...choiceBlocks(t, question, shown, (option) => actionId('review', 'answer', item.id, item.round, option.id))],
        tone: 'info',
      };
    }
    case 'never-took':
      return note(
        t({
          ko: `아직 수업 ${id} 퀴즈를 풀지 않았어요. /quiz ${id} 로 먼저 풀어 보세요. 틀린 문제가 여기 복습으로 돌아와요.`,
          en: `You haven't taken the lesson ${id} quiz yet. Take it first with /quiz ${id}: the questions you miss come back here for review.`,
        }),
      );
    case 'nothing-missed':
      return note(
        t({
          ko: `복습할 문제가 없어요. 지금까지 퀴즈 문제를 모두 맞혔어요. /quiz ${id} 로 다시 풀면 다른 문제가 나와요.`,
          en: `Nothing to review: you've answered every quiz question right so far. /quiz ${id} again draws other questions.`,
        }),
        'success',
      );
    case 'later':
      return note(
        t({
          ko: `지금 복습할 문제는 없어요. 다음 복습: ${when(t, next.nextDueAt, now)}. 아직 남은 문제 ${next.left}개.`,
          en: `Nothing is due right now. Next review: ${when(t, next.nextDueAt, now)}. ${next.left} question${next.left === 1 ? '' : 's'} still to master.`,
        }),
      );
    case 'all-done':
      return note(
        t({
          ko: `🎉 틀렸던 문제 ${next.done}개를 모두 서로 다른 날 두 번씩 맞혔어요. 복습 끝!`,
          en: `🎉 All ${next.done} questions you missed are answered right twice on different days. Review done!`,
        }),
        'success',
      );
  }
}

/** Replaces the answered question: buttons off, the right one marked, the explanation, and the schedule. */
export function reviewAnsweredReply(result: ReviewAnswer, t: Translate, now: Date): Reply {
  const { item, question, shown, choice, correct } = result;
  const schedule = item.doneAt
    ? t({
        ko: `🎉 서로 다른 날 ${RIGHTS_TO_FINISH}번 맞혔어요. 이 문제는 복습 끝이에요.`,
        en: `🎉 Right ${RIGHTS_TO_FINISH} times on different days: this one is done.`,
      })
    : correct
      ? t({
          ko: `(${item.rightCount}/${RIGHTS_TO_FINISH}) 다음에 다시 물어볼게요: ${when(t, item.dueAt, now)}.`,
          en: `(${item.rightCount}/${RIGHTS_TO_FINISH}) I'll ask it again ${when(t, item.dueAt, now)}.`,
        })
      : t({ ko: '이 문제는 이번 복습 끝에 다시 나와요.', en: 'This one comes back at the end of this review.' });
  return {
    title: title(t, item.lessonId),
    blocks: [
      ...choiceBlocks(t, question, shown, (option) => actionId('review', 'answer', item.id, item.round - 1, option.id), { choice: choice?.id ?? null }),
      { kind: 'text', text: choice ? explanationText(t, question, shown, choice, correct, schedule) : schedule },
    ],
    tone: correct ? 'success' : 'warning',
    target: 'update',
  };
}

export function reviewAlreadyReply(t: Translate): Reply {
  return {
    blocks: [
      {
        kind: 'text',
        text: t({ ko: '이 복습 문제에는 이미 답했어요. 기록은 그대로예요.', en: 'You already answered this review question. Nothing changed.' }),
      },
    ],
    tone: 'info',
    private: true,
    target: 'reply',
  };
}
