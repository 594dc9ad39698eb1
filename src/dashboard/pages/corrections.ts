// The corrections review queue (the chat's /model corrections as a page): each pending correction
// with its thumbnail, the model's answer and confidence, the label the student proposed, and
// Approve / Reject forms. The classifier plugin owns the service (services.foodvision); without
// the plugin the page says so. Thumbnails come from /corrections/thumbnail?id=N, because the CSP
// allows images from 'self' only (no data: URLs), and only while the correction is still pending.
import type { FoodvisionServices } from '../../classifier/service/context.ts';
import type { CorrectionItem, DecisionResult, Reviewer } from '../../classifier/service/correction-review.ts';
import { decisionReply } from '../../classifier/service/correction-replies.ts';
import { friendlyLabel } from '../../classifier/service/labels.ts';
import { userError } from '../../core/errors.ts';
import { fromChat, html, member } from '../html.ts';
import { definePage, type PageContext } from './page.ts';

/** The queue's page size (the service's maximum). */
const SHOWN = 25;

const NO_PLUGIN = {
  ko: '이 봇에는 분류기 플러그인이 설치되지 않아서 정정 검토가 없어요.',
  en: 'The classifier plugin is not installed in this bot, so there are no corrections to review.',
};

const percent = (p: number) => `${Math.round(p * 100)}%`;

function foodvision(ctx: PageContext): FoodvisionServices | undefined {
  return ctx.services.foodvision as FoodvisionServices | undefined;
}

function reviewer(ctx: PageContext): Reviewer {
  return { memberId: ctx.member.id, classroomId: ctx.member.classroomId, displayName: ctx.member.displayName };
}

export default definePage({
  path: '/corrections',
  title: { ko: '정정 검토', en: 'Corrections review' },
  async render(ctx) {
    const { t } = ctx;
    const services = foodvision(ctx);
    if (!services) {
      return html`<p id="no-classifier">${t(NO_PLUGIN)}</p>`;
    }
    const queue = await services.corrections.pending(reviewer(ctx), SHOWN);
    if (queue.items.length === 0) return html`<p id="empty">${t({ ko: '검토를 기다리는 정정이 없어요.', en: 'No corrections are waiting for review.' })}</p>`;
    const more = queue.total - queue.items.length;
    return html`<p id="total">${t({ ko: `검토할 정정 ${queue.total}건 · 승인한 정정만 다음 학습에 들어가요.`, en: `${queue.total} corrections to review · only approved ones go into the next training run.` })}</p>
      ${queue.items.map((item) => card(ctx, item))}
      ${more > 0 ? html`<p>${t({ ko: `이 밖에 ${more}건이 더 있어요.`, en: `${more} more after these.` })}</p>` : ''}`;
  },
  async post(ctx) {
    const services = foodvision(ctx);
    const id = Number(ctx.form.correction);
    const decision = ctx.form.decision;
    if (!services) throw userError('no-classifier', NO_PLUGIN.ko, NO_PLUGIN.en);
    if (!Number.isSafeInteger(id) || (decision !== 'approved' && decision !== 'rejected')) {
      throw userError('bad-form', '양식이 올바르지 않아요. 페이지를 새로 고쳐 주세요.', 'That form was not valid. Please reload the page.');
    }
    return { kind: 'flash', text: outcome(ctx, id, await services.corrections.decide(reviewer(ctx), id, decision)) };
  },
  file: {
    path: '/corrections/thumbnail',
    async load(ctx) {
      const services = foodvision(ctx);
      const id = Number(ctx.query('id'));
      if (!services || !Number.isSafeInteger(id)) return null;
      const { items } = await services.corrections.pending(reviewer(ctx), SHOWN);
      const thumbnail = items.find((item) => item.id === id)?.thumbnail;
      return thumbnail ? { type: 'image/jpeg', body: thumbnail } : null;
    },
  },
});

function card(ctx: PageContext, item: CorrectionItem) {
  const { t, lang } = ctx;
  const said = item.predicted[0];
  const who = item.memberName === null ? t({ ko: '(삭제된 멤버)', en: '(erased member)' }) : member(item.memberName);
  const button = (decision: 'approved' | 'rejected', label: string) => html`<form method="post" action="/corrections">
      <input type="hidden" name="csrf" value="${ctx.csrf}"><input type="hidden" name="correction" value="${item.id}">
      <input type="hidden" name="decision" value="${decision}"><button type="submit">${label}</button></form>`;
  return html`<section class="answer correction" id="correction-${item.id}">
    <h2>#${item.id}</h2>
    ${
      item.thumbnail
        ? html`<img src="/corrections/thumbnail?id=${item.id}" alt="${t({ ko: `정정 #${item.id}의 사진`, en: `The photo of correction #${item.id}` })}" width="160">`
        : html`<p>${t({ ko: '(사진 미리보기가 없어요.)', en: '(No photo preview.)' })}</p>`
    }
    <p class="proposed">${t({ ko: '학생의 정정', en: 'The student says' })}: <strong>${friendlyLabel(item.label, lang)}</strong> · ${who}</p>
    <p class="predicted">${
      said
        ? html`${t({ ko: '모델', en: 'Model' })}${item.modelVersion === null ? '' : ` v${item.modelVersion}`}: ${friendlyLabel(said.label, lang)} (${percent(said.probability)})`
        : t({ ko: '모델의 답은 남아 있지 않아요.', en: 'The model’s answer is no longer kept.' })
    }</p>
    ${button('approved', t({ ko: '✅ 승인', en: '✅ Approve' }))} ${button('rejected', t({ ko: '❌ 거절', en: '❌ Reject' }))}
  </section>`;
}

/** The chat's decision sentence (/model approve), so both say the same; its member names stay marked. */
function outcome({ lang }: PageContext, id: number, result: DecisionResult) {
  const said = decisionReply(id, result, lang).blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
  return fromChat(said.join('\n'));
}
