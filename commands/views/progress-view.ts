// A member's progress card and the leaderboard lines.
import type { Leaderboard, MemberProgress, OwnRank, Standing } from '../../src/core/progress/progress-service.ts';
import { userText } from '../../src/core/display-text.ts';
import { bar, type Block, type Reply } from '../../src/core/reply.ts';
import type { Translate } from './common.ts';

export function progressReply(progress: MemberProgress & { rank?: OwnRank | null }, t: Translate, own: boolean): Reply {
  const fields = [{ name: t({ ko: '점수', en: 'Points' }), value: String(progress.points), inline: true }];
  if (progress.rank) {
    const { rank, of } = progress.rank;
    fields.push({ name: t({ ko: '반 순위', en: 'Class rank' }), value: t({ ko: `${of}명 중 ${rank}위`, en: `${rank} of ${of}` }), inline: true });
    const { shownAs } = progress.rank;
    fields.push({
      name: t({ ko: '리더보드 표시', en: 'On the leaderboard' }),
      value:
        shownAs === null
          ? t({ ko: '내 이름 (/privacy leaderboard:hide 로 숨기기)', en: 'your name (/privacy leaderboard:hide to hide it)' })
          : t({
              ko: `${pseudonym(shownAs, t)} (/privacy leaderboard:show 로 이름 보이기)`,
              en: `${pseudonym(shownAs, t)} (/privacy leaderboard:show to show your name)`,
            }),
      inline: true,
    });
  }
  const blocks: Block[] = [{ kind: 'fields', fields }];
  for (const l of progress.lessons) {
    const quiz = l.quizBest === null ? t({ ko: '아직 안 풀었어요', en: 'not taken yet' }) : `${l.quizBest}/${l.quizQuestions}`;
    const first = l.quizFirst ? `${l.quizFirst.score}/${l.quizFirst.total}` : l.quizAttempts ? t({ ko: '푸는 중', en: 'in progress' }) : '—';
    const challenge = `${l.challengeSolved}/${l.challengeSteps} · ${t({ ko: `첫 답에 ${l.challengeFirstTry}단계 · 답 ${l.challengeAnswers}개`, en: `${l.challengeFirstTry} on the first answer · ${l.challengeAnswers} answers` })}`;
    blocks.push(
      { kind: 'heading', text: `${t(l.lesson.title)}${l.completed ? ' ✅' : ''}` },
      {
        kind: 'fields',
        fields: [
          { name: t({ ko: '본 섹션', en: 'Sections seen' }), value: `${bar(l.sectionsSeen, l.sections)} ${l.sectionsSeen}/${l.sections}` },
          { name: t({ ko: '퀴즈 첫 시도', en: 'Quiz, first attempt' }), value: first, inline: true },
          { name: t({ ko: '퀴즈 최고 점수', en: 'Best quiz score' }), value: quiz, inline: true },
          { name: t({ ko: '퀴즈 시도 횟수', en: 'Quiz attempts' }), value: String(l.quizAttempts), inline: true },
          { name: t({ ko: '챌린지', en: 'Challenge' }), value: challenge, inline: true },
        ],
      },
    );
  }
  const name = userText(progress.member.displayName);
  return {
    title: own ? t({ ko: '📈 나의 진도', en: '📈 Your progress' }) : t({ ko: `📈 ${name} 님의 진도`, en: `📈 ${name}'s progress` }),
    blocks,
    tone: 'info',
    private: true,
    target: 'reply',
  };
}

export function pseudonym(number: number, t: Translate): string {
  return t({ ko: `학생 ${number}`, en: `Student ${number}` });
}

/** By name only for a member who chose it (or the caller's own row); everyone else by pseudonym. */
function line(s: Standing, t: Translate, callerId: number): string {
  const medal = ['🥇', '🥈', '🥉'][s.rank - 1] ?? `${s.rank}.`;
  const name = s.member.showNameOnLeaderboard || s.member.id === callerId ? userText(s.member.displayName) : pseudonym(s.number, t);
  return `${medal} ${name} — ${t({ ko: `${s.points}점`, en: `${s.points} pts` })}`;
}

/** The instructor posts it in the channel for the class to see. */
export function leaderboardReply(board: Leaderboard, t: Translate, callerId: number): Reply {
  const text = board.top.length
    ? board.top.map((s) => line(s, t, callerId)).join('\n')
    : t({ ko: '아직 점수를 얻은 학생이 없어요.', en: 'No student has points yet.' });
  const footer = t({
    ko: `순위에 오른 학생 ${board.ranked}명 · 각자 /progress 에서 내 순위를 볼 수 있어요.`,
    en: `${board.ranked} students ranked · everyone sees their own rank in /progress.`,
  });
  return {
    title: t({ ko: '🏆 리더보드', en: '🏆 Leaderboard' }),
    blocks: [
      { kind: 'text', text },
      { kind: 'text', text: footer },
    ],
    tone: 'info',
    target: 'reply',
  };
}
