// Pages whose services are being built beside this one: question analytics with the roster's
// not-started members ("insights"), and the corrections review queue ("classmodels"). Each shows
// a placeholder until its service is in `services`; wiring one is replacing its render here.
import { html } from '../html.ts';
import { definePage, type DashboardPage } from './page.ts';

function placeholder(path: string, title: { ko: string; en: string }, service: string, what: { ko: string; en: string }): DashboardPage {
  return definePage({
    path,
    title,
    async render(ctx) {
      const ready = ctx.services[service] !== undefined;
      return html`<p class="placeholder" data-service="${service}">${ctx.t(what)}</p>
        <p>${ready ? ctx.t({ ko: '서비스가 연결됐어요. 이 페이지가 곧 그 내용을 보여 줘요.', en: 'The service is connected; this page will show it soon.' }) : ctx.t({ ko: '준비 중이에요.', en: 'Coming soon.' })}</p>`;
    },
  });
}

export const insightsPage = placeholder('/insights', { ko: '문항 분석', en: 'Question analytics' }, 'insights', {
  ko: '문항별 선택 비율, 첫 시도 정답률, 흔한 실수, 아직 시작하지 않은 멤버를 여기서 보여 줘요.',
  en: 'Per-question choices, first-attempt correct rates, common mistakes and members who have not started appear here.',
});

export const correctionsPage = placeholder('/corrections', { ko: '정정 검토', en: 'Corrections review' }, 'classmodels', {
  ko: '학생들이 보낸 "틀렸어요" 정정을 검토하는 대기열이 여기에 와요.',
  en: "The review queue for students' \"wrong? tell me\" corrections appears here.",
});
