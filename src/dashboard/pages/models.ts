// The classifier's model versions: metrics per class and the confusion matrix of each, from the
// model registry (shared by every class on this database). Cells are shaded by CSS classes, not
// inline styles, so the CSP can forbid inline style.
import type { Metrics } from '../../classifier/types.ts';
import { html } from '../html.ts';
import { definePage } from './page.ts';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export default definePage({
  path: '/models',
  title: { ko: '모델 버전', en: 'Model versions' },
  async render(ctx) {
    const { t } = ctx;
    const versions = (await ctx.registry.list()).reverse();
    if (versions.length === 0) return html`<p>${t({ ko: '아직 학습된 모델이 없어요 (/model train).', en: 'No trained model yet (/model train).' })}</p>`;
    return html`${versions.map(
      (v) => html`<section class="answer" id="model-${v.version}">
        <h2>v${v.version} ${v.active ? t({ ko: '(사용 중)', en: '(active)' }) : ''}</h2>
        <p>${v.backbone} · ${t({ ko: '정확도', en: 'accuracy' })} ${percent(v.metrics.accuracy)} (${v.metrics.examples}) ·
          ${t({ ko: '학습', en: 'trained by' })} ${v.trainedBy} · ${v.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</p>
        ${perClass(v.metrics, t)} ${confusion(v.metrics, t)}
      </section>`,
    )}`;
  },
});

function perClass(metrics: Metrics, t: (x: { ko: string; en: string }) => string) {
  return html`<table><thead><tr><th>${t({ ko: '클래스', en: 'Class' })}</th><th>${t({ ko: '정밀도', en: 'Precision' })}</th><th>${t({ ko: '재현율', en: 'Recall' })}</th><th>${t({ ko: '사진 수', en: 'Photos' })}</th></tr></thead>
    <tbody>${metrics.perClass.map((c) => html`<tr><td>${c.label}</td><td>${percent(c.precision)}</td><td>${percent(c.recall)}</td><td>${c.support}</td></tr>`)}</tbody></table>`;
}

function confusion(metrics: Metrics, t: (x: { ko: string; en: string }) => string) {
  const max = Math.max(1, ...metrics.confusion.flat());
  return html`<table class="cm"><caption>${t({ ko: '혼동 행렬 (행: 실제, 열: 예측)', en: 'Confusion matrix (rows: actual, columns: predicted)' })}</caption>
    <thead><tr><th></th>${metrics.labels.map((l) => html`<th>${l}</th>`)}</tr></thead>
    <tbody>${metrics.confusion.map(
      (row, i) => html`<tr><th>${metrics.labels[i] ?? ''}</th>${row.map((n) => html`<td class="s${Math.ceil((n / max) * 5)}">${n}</td>`)}</tr>`,
    )}</tbody></table>`;
}
