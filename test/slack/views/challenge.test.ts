// The challenge through modals: a step's "Answer" opens a modal (views.open with the click's
// trigger_id), the submission is graded and the feedback shown in the same modal (views.update),
// "Try again" and "Hint" work from inside it, and every answer is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, button, CHANNEL, SlackHarness } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

const viewText = (id: string) => textOf(h.double.views.get(id)!.view.blocks);
const waitForView = (id: string, pattern: RegExp, label: string) =>
  h.double.waitFor((c) => c.method === 'views.update' && c.args.view_id === id && pattern.test(textOf((c.args.view as { blocks: unknown }).blocks)), 10_000, label);

describe('the challenge in modals', () => {
  let viewId = '';

  it('/challenge 7 shows step 1 privately; "Answer" opens a modal with a text input', async () => {
    await h.command(alice, '/challenge 7');
    const step = await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /Step 1 of 3/.test(textOf(m.blocks)), 'step 1');
    const answer = button(step, (b) => b.actionId === 'challenge:answer:7:1');
    expect(JSON.parse(answer.value!).prompt.title).toBe('Challenge step 1/3');
    await h.click(alice, step, answer);
    const opened = await h.double.waitFor((c) => c.method === 'views.open', 10_000, 'views.open');
    expect(opened.outcome).toBe('ok');
    viewId = [...h.double.views.keys()][0]!;
    const view = h.double.views.get(viewId)!.view as { title: { text: string }; blocks: { type: string }[] };
    expect(view.title.text).toBe('Challenge step 1/3');
    expect(view.blocks[0]!.type).toBe('input');
  });

  it('a wrong answer is graded in the modal, with "Try again" that reopens the input in place', async () => {
    const delivery = await h.submitView(alice, viewId, '1000');
    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.body)).toMatchObject({ response_action: 'update' });
    await waitForView(viewId, /Step 1: not yet/, 'the feedback for 1000');
    const retry = buttonsIn(h.double.views.get(viewId)!.view.blocks).find((b) => /Try again/.test(b.text))!;
    await h.clickInView(alice, viewId, retry);
    await h.double.waitFor((c) => c.method === 'views.update' && (c.args.view as { blocks: { type: string }[] }).blocks[0]?.type === 'input', 10_000, 'the input again');
  });

  it('the right answer is accepted and the next step follows in the same modal; its hint works there too', async () => {
    await h.submitView(alice, viewId, ' 512 ');
    await waitForView(viewId, /Step 2 of 3/, 'step 2 after a correct answer');
    expect(viewText(viewId)).toMatch(/Step 1: correct!/);
    const hint = buttonsIn(h.double.views.get(viewId)!.view.blocks).find((b) => b.actionId === 'challenge:hint:7:2')!;
    await h.clickInView(alice, viewId, hint);
    await waitForView(viewId, /torch\.nn\.Linear\(in_features, out_features\)/, 'the hint for step 2');
  });

  it('stores every answer with its verdict', async () => {
    const rows = await h.db.prisma.challengeAnswer.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.step, r.text.trim(), r.correct])).toEqual([
      [1, '1000', false],
      [1, '512', true],
    ]);
  });

  it('a submission whose modal lost its origin gets a clear error on the input, not silence', async () => {
    const view = h.double.views.get(viewId)!;
    const broken = { id: viewId, view: { ...view.view, callback_id: 'foodvision_prompt', private_metadata: 'not json', blocks: [{ type: 'input', block_id: 'answer', label: { type: 'plain_text', text: 'x' }, element: { type: 'plain_text_input', action_id: 'text' } }] } };
    h.double.views.set(viewId, { ...view, view: broken.view });
    const delivery = await h.submitView(alice, viewId, '512');
    expect(JSON.parse(delivery.body)).toMatchObject({ response_action: 'errors', errors: { answer: expect.stringContaining('expired') } });
  });
});
