// Rendering the reply model to Block Kit stays within Slack's documented limits, whatever the
// core sends: checked by the same validator the Slack double applies to every call.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { readPromptValue, renderReply } from '../../src/platforms/slack/render/blocks.ts';
import { toMrkdwn } from '../../src/platforms/slack/render/mrkdwn.ts';
import { promptView, repliesView } from '../../src/platforms/slack/render/views.ts';
import { validateBlocks, validateView } from '../support/slack-double/block-kit.ts';
import { buttonsIn, textOf } from '../support/slack-double/blocks-read.ts';

describe('Block Kit rendering', () => {
  it('the validator catches what Slack refuses (so a pass below means something)', () => {
    expect(validateBlocks([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }])).toHaveLength(1);
    expect(
      validateBlocks([{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'y'.repeat(76) } }] }]),
    ).toHaveLength(1);
    expect(validateBlocks(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toHaveLength(1);
    expect(validateBlocks([{ type: 'section', text: { type: 'mrkdwn', text: 'z'.repeat(3001) } }])).toHaveLength(1);
  });

  it('keeps oversized content within limits: long text split, long titles and labels clipped, many buttons grouped', () => {
    const reply: Reply = {
      title: '제목'.repeat(100),
      blocks: [
        { kind: 'text', text: `${'긴 문장입니다. '.repeat(300)}\n${'more '.repeat(500)}` },
        { kind: 'heading', text: 'h'.repeat(200) },
        { kind: 'fields', fields: Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(2500) })) },
        { kind: 'buttons', buttons: Array.from({ length: 30 }, (_, i) => ({ actionId: `x:y:${i}`, label: 'label '.repeat(20) })) },
        {
          kind: 'select',
          menu: {
            actionId: 'x:pick',
            placeholder: 'p'.repeat(200),
            options: Array.from({ length: 120 }, (_, i) => ({ value: `v${i}`, label: 'o'.repeat(100) })),
          },
        },
        { kind: 'code', text: 'print(1)\n'.repeat(600) },
      ],
    };
    const { blocks } = renderReply(reply);
    expect(validateBlocks(blocks.slice(0, 50))).toEqual([]);
    expect(buttonsIn(blocks)).toHaveLength(30);
  });

  it('escapes what a member typed so it cannot ping or link, and speaks mrkdwn for bold and links', () => {
    expect(toMrkdwn('<!channel> <@U1> & **bold** [docs](https://example.com)')).toBe('&lt;!channel&gt; &lt;@U1&gt; &amp; *bold* <https://example.com|docs>');
  });

  it('shows an answered question without buttons: the right one marked, a wrong pick struck; a disabled "Previous" just disappears', () => {
    const answered = renderReply({
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            { actionId: 'quiz:answer:1:q:a', label: 'A', disabled: true, style: 'success' },
            { actionId: 'quiz:answer:1:q:b', label: 'B', disabled: true, style: 'danger' },
          ],
        },
      ],
    });
    expect(buttonsIn(answered.blocks)).toEqual([]);
    expect(textOf(answered.blocks)).toContain('✅ *A*');
    expect(textOf(answered.blocks)).toContain('❌ ~B~');
    const firstPage = renderReply({
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            { actionId: 'lesson:page:7:0', label: 'Previous', disabled: true },
            { actionId: 'lesson:page:7:1', label: 'Next' },
          ],
        },
      ],
    });
    expect(buttonsIn(firstPage.blocks).map((b) => b.text)).toEqual(['Next']);
    expect(textOf(firstPage.blocks)).not.toContain('Previous');
  });

  it('carries a prompt in the button value, and the modal it opens is a valid view', () => {
    const prompt = { title: 'Challenge step 1/3 with a long title', label: 'Your answer', placeholder: 'Type here', multiline: true, maxLength: 10_000 };
    const { blocks } = renderReply({ blocks: [{ kind: 'buttons', buttons: [{ actionId: 'challenge:answer:7:1', label: 'Answer', prompt }] }] });
    const value = readPromptValue(buttonsIn(blocks)[0]!.value);
    expect(value?.prompt).toEqual(prompt);
    expect(validateView(promptView(prompt, { a: 'challenge:answer:7:1', c: 'C1' }, 'en'))).toEqual([]);
    expect(validateView(repliesView([{ title: 'A title far longer than a modal allows', blocks: [{ kind: 'text', text: 'ok' }] }], undefined, 'ko'))).toEqual(
      [],
    );
  });

  it('files become uploads, and a reply of only a file still has notification text', () => {
    const rendered = renderReply({ blocks: [{ kind: 'file', file: { name: 'r.csv', contentType: 'text/csv', data: new Uint8Array([65]) } }] });
    expect(rendered.blocks).toEqual([]);
    expect(rendered.files.map((f) => f.name)).toEqual(['r.csv']);
    expect(rendered.text.length).toBeGreaterThan(0);
  });
});
