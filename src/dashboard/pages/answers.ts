// Challenge answers with override: pick a member, read every answer with the grader's verdict and
// its history, accept or reject one with a note. The override is the chat's (/answers): the same
// core rule, points and report follow it, and the student is told in a DM.
import { overrideAndTell, overrideConfirmation, stepName, verdictLabel } from '../../../commands/views/answers-view.ts';
import { userError } from '../../core/errors.ts';
import type { ReviewedAnswer } from '../../core/challenge/answer-review.ts';
import { fromChat, html, member } from '../html.ts';
import { definePage, type PageContext } from './page.ts';

export default definePage({
  path: '/answers',
  title: { ko: '챌린지 답', en: 'Challenge answers' },
  async render(ctx) {
    const id = Number(ctx.query('member'));
    if (!Number.isSafeInteger(id) || id <= 0) return memberPicker(ctx);
    const { member: student, answers } = await ctx.services.answerReview.answersOfMember(ctx.me, id);
    const { t } = ctx;
    return html`<h2 id="student">${member(student.displayName)}</h2>
      <p><a href="/answers">${t({ ko: '← 다른 멤버', en: '← Another member' })}</a></p>
      ${answers.length === 0 ? html`<p>${t({ ko: '아직 챌린지 답이 없어요.', en: 'No challenge answers yet.' })}</p>` : ''}
      ${[...answers].reverse().map((answer) => answerCard(ctx, answer))}`;
  },
  async post(ctx) {
    const answerId = Number(ctx.form.answer);
    const verdict = ctx.form.verdict;
    if (!Number.isSafeInteger(answerId) || (verdict !== 'accept' && verdict !== 'reject')) {
      throw userError('bad-form', '양식이 올바르지 않아요. 페이지를 새로 고쳐 주세요.', 'That form was not valid. Please reload the page.');
    }
    const result = await overrideAndTell(ctx.services, ctx.me, answerId, verdict === 'accept', ctx.form.note);
    return { kind: 'flash', text: fromChat(overrideConfirmation(result, ctx.t)) };
  },
});

async function memberPicker(ctx: PageContext) {
  const rows = await ctx.services.progress.classOverview(ctx.me);
  return html`<p>${ctx.t({ ko: '답을 볼 멤버를 고르세요.', en: 'Pick a member to see their answers.' })}</p>
    <ul>${rows.map((p) => html`<li><a href="/answers?member=${p.member.id}">${member(p.member.displayName)}</a></li>`)}</ul>`;
}

function answerCard(ctx: PageContext, answer: ReviewedAnswer) {
  const { t } = ctx;
  const flip = answer.correct ? 'reject' : 'accept';
  return html`<section class="answer" id="answer-${answer.id}" data-correct="${String(answer.correct)}">
    <div><strong>#${answer.id}</strong> · ${stepName(ctx.services.catalog, answer, t)} · ${answer.answeredAt.toISOString().slice(0, 16).replace('T', ' ')}</div>
    <pre>${member(answer.text, { multiline: true, maxLength: 2000 })}</pre>
    <div class="verdict ${answer.correct ? 'ok' : 'no'}">${verdictLabel(answer.correct, t)}
      (${t({ ko: '채점기', en: 'grader' })}: ${answer.gradedCorrect ? '✅' : '❌'} ${answer.verdict})</div>
    ${answer.overrideNote ? html`<div>${t({ ko: '학생에게 남긴 말', en: 'Note to the student' })}: ${member(answer.overrideNote, { multiline: true, maxLength: 500 })}</div>` : ''}
    ${
      answer.history.length
        ? html`<details><summary>${t({ ko: '변경 기록', en: 'History' })} (${answer.history.length})</summary><ul>${answer.history.map(
            (h) =>
              html`<li>${h.createdAt.toISOString().slice(0, 16).replace('T', ' ')} · ${member(h.byName)} · ${h.beforeCorrect ? '✅' : '❌'} → ${h.afterCorrect ? '✅' : '❌'}${h.note ? html` · ${member(h.note, { maxLength: 200 })}` : ''}</li>`,
          )}</ul></details>`
        : ''
    }
    <form method="post" action="/answers?member=${answer.memberId}">
      <input type="hidden" name="csrf" value="${ctx.csrf}">
      <input type="hidden" name="answer" value="${answer.id}">
      <input type="hidden" name="verdict" value="${flip}">
      <label>${t({ ko: '학생에게 남길 말 (선택)', en: 'Note for the student (optional)' })}<br><textarea name="note" maxlength="500" rows="2"></textarea></label><br>
      <button type="submit" name="do" value="${flip}">${flip === 'accept' ? t({ ko: '✅ 정답으로 인정', en: '✅ Accept as correct' }) : t({ ko: '❌ 오답으로 처리', en: '❌ Reject' })}</button>
    </form>
  </section>`;
}
