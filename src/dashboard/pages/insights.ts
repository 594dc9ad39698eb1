// Question analytics for one lesson (the chat's /stats as a page): per quiz question the share
// choosing each option on the first attempt and overall, per challenge step the common mistakes,
// the completion funnel, and the same bar chart the chat sends, inlined as SVG (markup, not
// script: the CSP's default-src 'none' doesn't stop it, and its text is escaped by barChartSvg).
import { raw } from 'hono/html';
import { statsChartSections } from '../../../commands/views/stats-view.ts';
import type { ChoiceTally, LessonAnalytics } from '../../core/analytics/analytics-service.ts';
import { barChartSvg } from '../../core/charts/bar-chart.ts';
import { verdictLabel } from '../../core/challenge/verdict-labels.ts';
import { html } from '../html.ts';
import { definePage, type PageContext } from './page.ts';

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

export default definePage({
  path: '/insights',
  title: { ko: '문항 분석', en: 'Question analytics' },
  async render(ctx) {
    const lessons = ctx.services.catalog.list();
    if (lessons.length === 0) return html`<p>${ctx.t({ ko: '수업이 없어요.', en: 'There are no lessons.' })}</p>`;
    const asked = Number(ctx.query('lesson'));
    const lessonId = lessons.some((l) => l.id === asked) ? asked : lessons[0]!.id;
    const a = await ctx.services.analytics.lesson(ctx.me, lessonId);
    const { t } = ctx;
    const title = t({ ko: `${a.lesson.id}강 반 분석`, en: `Lesson ${a.lesson.id}: class analytics` });
    return html`<nav id="lessons">${lessons.map(
      (l) => html`<a href="/insights?lesson=${l.id}"${l.id === a.lesson.id ? html` aria-current="page"` : ''}>${l.id}. ${t(l.title)}</a> `,
    )}</nav>
      <h2 id="lesson" data-lesson="${a.lesson.id}">${title}</h2>
      ${funnel(a, ctx)} ${questions(a, ctx)} ${steps(a, ctx)}
      <figure id="chart">${raw(barChartSvg(title, statsChartSections(a, t)))}</figure>`;
  },
});

function funnel(a: LessonAnalytics, { t }: PageContext) {
  const f = a.funnel;
  const rows: [string, string, number][] = [
    ['students', t({ ko: '명단', en: 'On the roster' }), f.students],
    ['opened', t({ ko: '수업 열어 봄', en: 'Opened the lesson' }), f.openedLesson],
    ['finished', t({ ko: '수업 끝까지', en: 'Finished the lesson' }), f.finishedLesson],
    ['quiz', t({ ko: '퀴즈 완료', en: 'Took the quiz' }), f.tookQuiz],
    ['challenge', t({ ko: '챌린지 해결', en: 'Solved the challenge' }), f.solvedChallenge],
  ];
  return html`<h3>${t({ ko: '완료 단계', en: 'Completion funnel' })}</h3>
    <table id="funnel"><tbody>${rows.map(
      ([key, label, n]) => html`<tr data-step="${key}"><th>${label}</th><td class="n">${n}</td><td>${percent(f.students ? n / f.students : null)}</td></tr>`,
    )}</tbody></table>`;
}

function shares(tally: ChoiceTally) {
  return tally.options.map(
    (o) =>
      html`<span data-option="${o.optionId}" class="${o.correct ? 'ok' : ''}">${o.optionId}${o.correct ? '✓' : ''} ${o.count} (${percent(tally.answered ? o.share : null)})</span> `,
  );
}

function questions(a: LessonAnalytics, { t }: PageContext) {
  const q = a.quiz;
  const mean = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  return html`<h3>${t({ ko: '퀴즈', en: 'Quiz' })}</h3>
    <p id="quiz-summary">${t({
      ko: `퀴즈를 푼 학생 ${q.takers}명 · 첫 시도 평균 ${mean(q.firstAttemptMean)}/${q.questions} · 최고 점수 평균 ${mean(q.bestMean)}/${q.questions}`,
      en: `${q.takers} students took the quiz · first attempt mean ${mean(q.firstAttemptMean)}/${q.questions} · best mean ${mean(q.bestMean)}/${q.questions}`,
    })}</p>
    <table id="questions"><thead><tr>
      <th>#</th><th>${t({ ko: '문제', en: 'Question' })}</th><th>${t({ ko: '첫 시도 정답률', en: 'First-attempt correct' })}</th>
      <th>${t({ ko: '첫 시도 선택', en: 'First-attempt choices' })}</th><th>${t({ ko: '전체 선택', en: 'All answers' })}</th>
    </tr></thead><tbody>${a.questions.map(
      (s) => html`<tr data-question="${s.questionId}">
        <td>${s.index + 1}</td><td>${s.question ? t(s.question.prompt) : s.questionId}</td>
        <td class="rate">${percent(s.firstAttempt.correctRate)} (${s.firstAttempt.correct}/${s.firstAttempt.answered})</td>
        <td class="first">${shares(s.firstAttempt)}</td><td class="overall">${shares(s.overall)}</td></tr>`,
    )}</tbody></table>`;
}

function steps(a: LessonAnalytics, { t }: PageContext) {
  return html`<h3>${t({ ko: '챌린지', en: 'Challenge' })}</h3>
    <table id="steps"><thead><tr>
      <th>${t({ ko: '단계', en: 'Step' })}</th><th>${t({ ko: '시도', en: 'Tried' })}</th><th>${t({ ko: '해결', en: 'Solved' })}</th>
      <th>${t({ ko: '첫 답에 해결', en: 'Solved first try' })}</th><th>${t({ ko: '흔한 실수', en: 'Common mistakes' })}</th>
    </tr></thead><tbody>${a.steps.map(
      (s) => html`<tr data-step="${s.step}"><td>${s.step}</td><td class="tried">${s.tried}</td><td class="solved">${s.solved}</td><td>${s.solvedFirstTry}</td>
        <td class="mistakes">${
          s.mistakes.length
            ? html`<ul>${s.mistakes.map((m) => html`<li data-verdict="${m.verdict}">${t(verdictLabel(m.verdict))}: ${t({ ko: `${m.count}회 (${m.members}명)`, en: `×${m.count} (${m.members} students)` })}</li>`)}</ul>`
            : '–'
        }</td></tr>`,
    )}</tbody></table>`;
}
