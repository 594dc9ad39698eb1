// The class at a glance: every member with their progress, linked to their answers. Members on
// the roster who never used the bot are marked "not started", so nobody is missed.
import { html, member } from '../html.ts';
import { definePage } from './page.ts';

export default definePage({
  path: '/',
  title: { ko: '우리 반', en: 'Class' },
  async render(ctx) {
    const { t } = ctx;
    const rows = await ctx.services.progress.classOverview(ctx.me);
    const waiting = rows.filter((p) => !p.started).length;
    if (rows.length === 0) return html`<p>${t({ ko: '아직 아무도 수업을 쓰지 않았어요.', en: 'Nobody has used the classroom yet.' })}</p>`;
    return html`${waiting ? html`<p id="not-started">${t({ ko: `아직 시작하지 않은 멤버 ${waiting}명`, en: `${waiting} members have not started yet` })}</p>` : ''}
    <table id="class">
      <thead><tr>
        <th>${t({ ko: '이름', en: 'Name' })}</th><th>${t({ ko: '역할', en: 'Role' })}</th>
        <th>${t({ ko: '본 섹션', en: 'Sections seen' })}</th><th>${t({ ko: '퀴즈 최고', en: 'Quiz best' })}</th>
        <th>${t({ ko: '챌린지 단계', en: 'Challenge steps' })}</th><th>${t({ ko: '점수', en: 'Points' })}</th>
        <th>${t({ ko: '마지막 활동', en: 'Last activity' })}</th><th></th>
      </tr></thead>
      <tbody>${rows.map((p) => {
        const sum = (pick: (l: (typeof p.lessons)[number]) => number) => p.lessons.reduce((n, l) => n + pick(l), 0);
        return html`<tr data-member="${p.member.id}" data-started="${String(p.started)}" class="${p.started ? '' : 'not-started'}">
          <td class="name">${member(p.member.displayName)}${p.started ? '' : html` <span class="state">${t({ ko: '(아직 시작 안 함)', en: '(not started)' })}</span>`}</td>
          <td>${p.member.role === 'instructor' ? t({ ko: '강사', en: 'instructor' }) : t({ ko: '학생', en: 'student' })}</td>
          <td>${sum((l) => l.sectionsSeen)} / ${sum((l) => l.sections)}</td>
          <td>${p.lessons.some((l) => l.quizBest !== null) ? `${sum((l) => l.quizBest ?? 0)} / ${sum((l) => l.quizQuestions)}` : '–'}</td>
          <td>${sum((l) => l.challengeSolved)} / ${sum((l) => l.challengeSteps)}</td>
          <td class="points">${p.points}</td>
          <td>${p.lastActivity ? p.lastActivity.toISOString().slice(0, 16).replace('T', ' ') : '–'}</td>
          <td><a href="/answers?member=${p.member.id}">${t({ ko: '답 보기', en: 'Answers' })}</a></td>
        </tr>`;
      })}</tbody>
    </table>`;
  },
});
