// A member's progress card and the leaderboard lines.
import type { Leaderboard, MemberProgress, Standing } from '../../src/core/progress/progress-service.ts';
import { bar, type Block, type Reply } from '../../src/core/reply.ts';
import type { Translate } from './common.ts';

export function progressReply(progress: MemberProgress, t: Translate, own: boolean): Reply {
  const blocks: Block[] = [
    { kind: 'fields', fields: [{ name: t({ ko: '점수', en: 'Points' }), value: String(progress.points), inline: true }] },
  ];
  for (const l of progress.lessons) {
    const quiz = l.quizBest === null ? t({ ko: '아직 안 풀었어요', en: 'not taken yet' }) : `${l.quizBest}/${l.quizQuestions}`;
    blocks.push(
      { kind: 'heading', text: `${t(l.lesson.title)}${l.completed ? ' ✅' : ''}` },
      {
        kind: 'fields',
        fields: [
          { name: t({ ko: '본 섹션', en: 'Sections seen' }), value: `${bar(l.sectionsSeen, l.sections)} ${l.sectionsSeen}/${l.sections}` },
          { name: t({ ko: '퀴즈 최고 점수', en: 'Best quiz score' }), value: quiz, inline: true },
          { name: t({ ko: '챌린지', en: 'Challenge' }), value: `${l.challengeSolved}/${l.challengeSteps}`, inline: true },
        ],
      },
    );
  }
  const name = progress.member.displayName;
  return {
    title: own ? t({ ko: '📈 나의 진도', en: '📈 Your progress' }) : t({ ko: `📈 ${name} 님의 진도`, en: `📈 ${name}'s progress` }),
    blocks,
    tone: 'info',
    private: true,
    target: 'reply',
  };
}

function line(s: Standing, t: Translate): string {
  const medal = ['🥇', '🥈', '🥉'][s.rank - 1] ?? `${s.rank}.`;
  return `${medal} ${s.member.displayName} — ${t({ ko: `${s.points}점`, en: `${s.points} pts` })}`;
}

export function leaderboardReplies(board: Leaderboard, t: Translate, callerIsInstructor: boolean): Reply[] {
  const text = board.top.length
    ? board.top.map((s) => line(s, t)).join('\n')
    : t({ ko: '아직 점수를 얻은 학생이 없어요.', en: 'No student has points yet.' });
  const own = board.caller
    ? t({ ko: `내 순위: ${board.ranked}명 중 ${board.caller.rank}위 (${board.caller.points}점)`, en: `Your rank: ${board.caller.rank} of ${board.ranked} (${board.caller.points} pts)` })
    : callerIsInstructor
      ? t({ ko: '강사는 순위에 들어가지 않아요.', en: "Instructors aren't ranked." })
      : t({ ko: '아직 순위가 없어요. 수업을 보고 퀴즈를 풀면 점수가 쌓여요!', en: 'No rank yet: read a lesson and take its quiz to earn points!' });
  return [
    { title: t({ ko: '🏆 리더보드', en: '🏆 Leaderboard' }), blocks: [{ kind: 'text', text }], tone: 'info', target: 'reply' },
    { blocks: [{ kind: 'text', text: own }], tone: 'info', private: true, target: 'reply' },
  ];
}
