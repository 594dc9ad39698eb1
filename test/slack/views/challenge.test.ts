// The challenge through modals: a step's "Answer" opens a modal (views.open with the click's
// trigger_id), the submission is graded and the feedback shown in the same modal (views.update),
// "Try again" and "Hint" work from inside it, and every answer is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import type { Actor } from '../../support/slack-double/signer.ts';
import { alice, button, CHANNEL, SlackHarness, TEAM } from '../harness.ts';

let h: SlackHarness;
// Each test is its own member, so none depends on a modal or an answer another test left.
const actor = (name: string) => ({ teamId: TEAM, userId: `U0${name.toUpperCase()}`, userName: name }) satisfies Actor;
const carol = actor('carol');
const dave = actor('dave');
const erin = actor('erin');
const finn = actor('finn');
const gina = actor('gina');
const hugo = actor('hugo');

beforeAll(async () => {
  h = await SlackHarness.start();
  for (const a of [carol, dave, erin, finn, gina, hugo]) h.double.addUser({ id: a.userId, name: a.userName, real_name: a.userName, locale: 'en-US' });
});
afterAll(async () => {
  await h?.close();
});

const viewText = (id: string) => textOf(h.double.views.get(id)!.view.blocks);
const headers = (id: string) =>
  (h.double.views.get(id)!.view.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'header').map((b) => b.text!.text);
const waitForView = (id: string, pattern: RegExp, label: string) =>
  h.double.waitFor(
    (c) => c.method === 'views.update' && c.args.view_id === id && pattern.test(textOf((c.args.view as { blocks: unknown }).blocks)),
    10_000,
    label,
  );

/** `/challenge 7` as `who`, then "Answer" on step 1: the id of the modal that opened for them. */
async function openStep1(who: Actor): Promise<string> {
  await h.command(who, '/challenge 7');
  const step = await h.waitForMessage(who, CHANNEL, (m) => m.ephemeralFor === who.userId && /Step 1 of 3/.test(textOf(m.blocks)), `${who.userName}'s step 1`);
  const answer = button(step, (b) => b.actionId === 'challenge:answer:7:1');
  expect(JSON.parse(answer.value!).prompt.title).toBe('Challenge step 1/3');
  const from = h.double.calls.length;
  const known = new Set(h.double.views.keys());
  await h.click(who, step, answer);
  const opened = await h.double.waitFor((c) => c.method === 'views.open' && h.double.calls.indexOf(c) >= from, 10_000, `${who.userName}'s views.open`);
  expect(opened.outcome).toBe('ok');
  return [...h.double.views.keys()].find((id) => !known.has(id))!;
}

/** A wrong answer (1000) graded in the modal, then "Try again" back to the input. */
async function answerWrongThenRetry(who: Actor, viewId: string) {
  const delivery = await h.submitView(who, viewId, '1000');
  await waitForView(viewId, /Step 1: not yet/, 'the feedback for 1000');
  const retry = buttonsIn(h.double.views.get(viewId)!.view.blocks).find((b) => /Try again/.test(b.text))!;
  const from = h.double.calls.length;
  await h.clickInView(who, viewId, retry);
  await h.double.waitFor(
    (c) =>
      c.method === 'views.update' &&
      c.args.view_id === viewId &&
      h.double.calls.indexOf(c) >= from &&
      (c.args.view as { blocks: { type: string }[] }).blocks[0]?.type === 'input',
    10_000,
    'the input again',
  );
  return delivery;
}

describe('the challenge in modals', () => {
  it('/challenge 7 shows step 1 privately; "Answer" opens a modal with a text input', async () => {
    const viewId = await openStep1(alice);
    const view = h.double.views.get(viewId)!.view as { title: { text: string }; blocks: { type: string }[] };
    expect(view.title.text).toBe('Challenge step 1/3');
    expect(view.blocks[0]!.type).toBe('input');
  });

  it('a wrong answer is graded in the modal, with "Try again" that reopens the input in place', async () => {
    const viewId = await openStep1(carol);
    const delivery = await answerWrongThenRetry(carol, viewId);
    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.body)).toMatchObject({ response_action: 'update' });
  });

  it('the right answer is accepted and the next step follows in the same modal; its hint works there too', async () => {
    const viewId = await openStep1(dave);
    await answerWrongThenRetry(dave, viewId);
    await h.submitView(dave, viewId, ' 512 ');
    await waitForView(viewId, /Step 2 of 3/, 'step 2 after a correct answer');
    expect(viewText(viewId)).toMatch(/Step 1: correct!/);
    const hint = buttonsIn(h.double.views.get(viewId)!.view.blocks).find((b) => b.actionId === 'challenge:hint:7:2')!;
    await h.clickInView(dave, viewId, hint);
    await waitForView(viewId, /torch\.nn\.Linear\(in_features, out_features\)/, 'the hint for step 2');
  });

  it('stores every answer with its verdict', async () => {
    const viewId = await openStep1(erin);
    await answerWrongThenRetry(erin, viewId);
    await h.submitView(erin, viewId, ' 512 ');
    await waitForView(viewId, /Step 2 of 3/, 'step 2 after a correct answer');
    const rows = await h.db.prisma.challengeAnswer.findMany({ where: { member: { platformUserId: erin.userId } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.step, r.text.trim(), r.correct])).toEqual([
      [1, '1000', false],
      [1, '512', true],
    ]);
  });

  it('a blank answer keeps the modal open with the message under the field, and the member can answer at once', async () => {
    const viewId = await openStep1(gina);
    const opened = h.double.views.get(viewId)!.view;
    const blank = await h.submitView(gina, viewId, '   \n ');
    expect(JSON.parse(blank.body)).toEqual({ response_action: 'errors', errors: { answer: 'Your answer is empty. Please type an answer and send it again.' } });
    // The same modal, its input still there: nothing replaced it.
    expect(h.double.views.get(viewId)!.view).toBe(opened);
    await h.submitView(gina, viewId, '512');
    await waitForView(viewId, /Step 1: correct!/, 'the answer after the blank one');
    const rows = await h.db.prisma.challengeAnswer.findMany({ where: { member: { platformUserId: gina.userId } } });
    expect(rows.map((r) => [r.step, r.text, r.correct])).toEqual([[1, '512', true]]);
  });

  it('a title with its own icon gets no second one: "✅ Step 1: correct!", "❌ Step 1: not yet"', async () => {
    const viewId = await openStep1(hugo);
    await h.submitView(hugo, viewId, '1000');
    await waitForView(viewId, /Step 1: not yet/, 'the feedback for 1000');
    expect(headers(viewId)).toContain('❌ Step 1: not yet');
    const retry = buttonsIn(h.double.views.get(viewId)!.view.blocks).find((b) => /Try again/.test(b.text))!;
    await h.clickInView(hugo, viewId, retry);
    await h.double.waitFor(
      (c) => c.method === 'views.update' && c.args.view_id === viewId && (c.args.view as { blocks: { type: string }[] }).blocks[0]?.type === 'input',
      10_000,
      'the input again',
    );
    await h.submitView(hugo, viewId, '512');
    await waitForView(viewId, /Step 2 of 3/, 'step 2 after a correct answer');
    expect(headers(viewId)).toContain('✅ Step 1: correct!');
    for (const header of headers(viewId)) expect(header, header).not.toMatch(/^\p{Extended_Pictographic}\uFE0F?\s+\p{Extended_Pictographic}/u);
  });

  it('a submission whose modal lost its origin gets a clear error on the input, not silence', async () => {
    const viewId = await openStep1(finn);
    const view = h.double.views.get(viewId)!;
    const broken = {
      id: viewId,
      view: {
        ...view.view,
        callback_id: 'foodvision_prompt',
        private_metadata: 'not json',
        blocks: [{ type: 'input', block_id: 'answer', label: { type: 'plain_text', text: 'x' }, element: { type: 'plain_text_input', action_id: 'text' } }],
      },
    };
    h.double.views.set(viewId, { ...view, view: broken.view });
    const delivery = await h.submitView(finn, viewId, '512');
    expect(JSON.parse(delivery.body)).toMatchObject({ response_action: 'errors', errors: { answer: expect.stringContaining('expired') } });
  });
});
