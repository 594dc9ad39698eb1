// /mydata's summary card and JSON export, and the erasure's confirmation and answer.
import type { CommandContext } from '../../src/app/command.ts';
import { actionId } from '../../src/core/action-id.ts';
import { userText } from '../../src/core/display-text.ts';
import type { ErasureCounts, MemberRecord, PersonalData } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply.ts';

export function exportReply(data: PersonalData, ctx: CommandContext, own: boolean): Reply {
  const t = ctx.t;
  const name = userText(data.member.displayName);
  const count = (n: number) => String(n);
  const quizAnswers = data.quizAttempts.reduce((n, a) => n + a.answers.length, 0);
  const points = data.points.reduce((n, p) => n + p.points, 0);
  const day = new Date().toISOString().slice(0, 10);
  const json = JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2);
  return {
    title: own ? t({ ko: '🔐 내 데이터', en: '🔐 Your data' }) : t({ ko: `🔐 ${name} 님의 데이터`, en: `🔐 ${name}'s data` }),
    blocks: [
      {
        kind: 'text',
        text: t({
          ko: '이 교실이 저장한 모든 것이에요. 전체 내용은 첨부한 JSON 파일에 있어요. 지우려면 /mydata delete',
          en: 'Everything this classroom stores about you; the attached JSON file holds all of it. To erase it: /mydata delete',
        }),
      },
      {
        kind: 'fields',
        fields: [
          { name: t({ ko: '이름', en: 'Name' }), value: name, inline: true },
          { name: t({ ko: '역할', en: 'Role' }), value: data.member.role, inline: true },
          { name: t({ ko: '언어', en: 'Language' }), value: data.member.language ?? t({ ko: '자동', en: 'automatic' }), inline: true },
          {
            name: t({ ko: '리더보드 이름', en: 'Name on the leaderboard' }),
            value: data.member.showNameOnLeaderboard ? t({ ko: '보임', en: 'shown' }) : t({ ko: '숨김', en: 'hidden' }),
            inline: true,
          },
          { name: t({ ko: '처음 사용', en: 'Member since' }), value: data.member.createdAt.toISOString().slice(0, 10), inline: true },
          { name: t({ ko: '수업 진도', en: 'Lessons opened' }), value: count(data.lessonProgress.length), inline: true },
          { name: t({ ko: '퀴즈 시도 (답)', en: 'Quiz attempts (answers)' }), value: `${data.quizAttempts.length} (${quizAnswers})`, inline: true },
          { name: t({ ko: '복습 문제', en: 'Review questions' }), value: count(data.reviewItems.length), inline: true },
          { name: t({ ko: '챌린지 답', en: 'Challenge answers' }), value: count(data.challengeAnswers.length), inline: true },
          { name: t({ ko: '점수', en: 'Points' }), value: `${points} (${data.points.length})`, inline: true },
          { name: t({ ko: '사진 예측', en: 'Photo predictions' }), value: count(data.predictions.length), inline: true },
          { name: t({ ko: '정답 알려주기', en: 'Corrections' }), value: count(data.corrections.length), inline: true },
          { name: t({ ko: '사용 제한 기록', en: 'Fair-use windows' }), value: count(data.rateLimitWindows.length), inline: true },
        ],
      },
      { kind: 'file', file: { name: `mydata-${day}.json`, contentType: 'application/json; charset=utf-8', data: new TextEncoder().encode(json) } },
    ],
    tone: 'info',
    private: true,
    // The export goes to the caller's own DM on every platform (issue 9: "sends it as a file to their DM").
    target: 'dm',
  };
}

export function confirmReply(target: Pick<MemberRecord, 'id' | 'displayName'>, ctx: CommandContext, own: boolean): Reply {
  const t = ctx.t;
  const name = userText(target.displayName);
  return {
    title: t({ ko: '⚠️ 데이터 삭제', en: '⚠️ Delete data' }),
    blocks: [
      {
        kind: 'text',
        text: own
          ? t({
              ko: '진도, 챌린지 답, 점수, 이름이 지워지고 되돌릴 수 없어요. 퀴즈 답은 이름 없이 반 통계로만 남아요.',
              en: "Your progress, challenge answers, points and name are erased for good. Quiz answers stay in the class's statistics without your name.",
            })
          : t({
              ko: `${name} 님의 진도, 챌린지 답, 점수, 이름이 지워지고 되돌릴 수 없어요. 퀴즈 답은 이름 없이 반 통계로만 남아요.`,
              en: `${name}'s progress, challenge answers, points and name are erased for good. Quiz answers stay in the class's statistics without the name.`,
            }),
      },
      {
        kind: 'buttons',
        buttons: [
          {
            actionId: actionId('mydata', 'erase', target.id),
            label: own
              ? t({ ko: '네, 내 데이터를 지워 주세요', en: 'Yes, delete my data' })
              : t({ ko: '네, 이 멤버의 데이터를 지워 주세요', en: "Yes, delete this member's data" }),
            style: 'danger',
          },
          { actionId: actionId('mydata', 'cancel'), label: t({ ko: '취소', en: 'Cancel' }), style: 'secondary' },
        ],
      },
    ],
    tone: 'warning',
    private: true,
    target: 'reply',
  };
}

export function erasedReply(counts: ErasureCounts | null, ctx: CommandContext): Reply {
  const t = ctx.t;
  const text = counts
    ? t({
        ko: `지웠어요: 진도 ${counts.lessonProgress}, 복습 일정 ${counts.reviewItems}, 챌린지 답 ${counts.challengeAnswers}, 점수 기록 ${counts.points}, 사용 제한 기록 ${counts.rateLimitWindows}. 사진 예측 ${counts.predictionsDetached}개와 정답 ${counts.correctionsDetached}개, 퀴즈 시도 ${counts.quizAttemptsKeptAnonymous}개는 이름 없이 남았어요.`,
        en: `Erased: ${counts.lessonProgress} lesson progress, ${counts.reviewItems} review items, ${counts.challengeAnswers} challenge answers, ${counts.points} point entries, ${counts.rateLimitWindows} fair-use windows. ${counts.predictionsDetached} photo predictions, ${counts.correctionsDetached} corrections and ${counts.quizAttemptsKeptAnonymous} quiz attempts stay without a name.`,
      })
    : t({ ko: '이미 지워진 데이터예요. 더 지울 것이 없어요.', en: 'That data was already deleted; there is nothing left to erase.' });
  return { title: t({ ko: '🗑️ 데이터 삭제', en: '🗑️ Data deleted' }), blocks: [{ kind: 'text', text }], tone: 'success', private: true, target: 'update' };
}
