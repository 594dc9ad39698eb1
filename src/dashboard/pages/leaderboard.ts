// The leaderboard as instructors see it: real names (the public /leaderboard uses pseudonyms).
import { html, member } from '../html.ts';
import { definePage } from './page.ts';

export default definePage({
  path: '/leaderboard',
  title: { ko: '리더보드', en: 'Leaderboard' },
  async render(ctx) {
    const { t } = ctx;
    const board = await ctx.services.progress.leaderboard(ctx.me, 100);
    if (board.top.length === 0) return html`<p>${t({ ko: '아직 점수를 얻은 학생이 없어요.', en: 'No student has points yet.' })}</p>`;
    return html`<table id="leaderboard">
      <thead><tr><th>#</th><th>${t({ ko: '이름', en: 'Name' })}</th><th>${t({ ko: '공개 이름', en: 'Shown publicly as' })}</th><th>${t({ ko: '점수', en: 'Points' })}</th></tr></thead>
      <tbody>${board.top.map(
        (s) => html`<tr><td>${s.rank}</td><td>${member(s.member.displayName)}</td>
          <td>${s.member.showNameOnLeaderboard ? t({ ko: '이름', en: 'their name' }) : t({ ko: `학생 ${s.number}`, en: `Student ${s.number}` })}</td><td>${s.points}</td></tr>`,
      )}</tbody>
    </table>
    ${board.ranked > board.top.length ? html`<p>${t({ ko: `${board.ranked}명 중 ${board.top.length}명`, en: `${board.top.length} of ${board.ranked}` })}</p>` : ''}`;
  },
});
