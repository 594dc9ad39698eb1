// The double's checks can fail: bodies real Discord refuses are caught, by the OpenAPI description
// or by the documented limits it leaves to prose, and a body Discord accepts passes.
import { describe, expect, it } from 'vitest';
import { DiscordValidator } from '../support/discord-double/validation.ts';

const validator = new DiscordValidator();
const CALLBACK = '/interactions/{interaction_id}/{interaction_token}/callback';
const button = (id: string, label = 'Next') => ({ type: 2, style: 1, custom_id: id, label });
const row = (...components: unknown[]) => ({ type: 1, components });

describe('the double validates what the bot sends', () => {
  it('accepts a message Discord accepts', () => {
    const body = {
      type: 4,
      data: { embeds: [{ title: 'Lesson 7', description: 'Transfer learning', color: 0x5865f2 }], components: [row(button('lesson:page:7:1'))], flags: 64 },
    };
    expect(validator.check('POST', CALLBACK, body)).toEqual([]);
  });

  it.each([
    ['an embed title over 256', { type: 4, data: { embeds: [{ title: 'x'.repeat(257) }] } }, /256/],
    ['a description over 4096', { type: 4, data: { embeds: [{ description: 'x'.repeat(4097) }] } }, /4096/],
    ['26 fields', { type: 4, data: { embeds: [{ title: 't', fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] } }, /25/],
    ['a field value over 1024', { type: 4, data: { embeds: [{ title: 't', fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] } }, /1024/],
    ['embeds over 6000 in all', { type: 4, data: { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2500) }] } }, /6000/],
    ['six action rows', { type: 4, data: { components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) } }, /rows|40|6/],
    ['six buttons in a row', { type: 4, data: { components: [row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))] } }, /5/],
    ['a custom id over 100', { type: 4, data: { components: [row(button('c'.repeat(101)))] } }, /100/],
    ['a button label over 80', { type: 4, data: { components: [row(button('b', 'l'.repeat(81)))] } }, /80/],
    [
      '26 select options',
      {
        type: 4,
        data: { components: [row({ type: 3, custom_id: 's', options: Array.from({ length: 26 }, (_, i) => ({ label: `o${i}`, value: `v${i}` })) })] },
      },
      /25/,
    ],
    [
      'a modal title over 45',
      {
        type: 9,
        data: { custom_id: 'm', title: 't'.repeat(46), components: [{ type: 18, label: 'Answer', component: { type: 4, custom_id: 'text', style: 1 } }] },
      },
      /45/,
    ],
    [
      'a text input label over 45',
      {
        type: 9,
        data: { custom_id: 'm', title: 'Step 1', components: [{ type: 18, label: 'l'.repeat(46), component: { type: 4, custom_id: 'text', style: 1 } }] },
      },
      /45/,
    ],
    ['an unknown callback type', { type: 42, data: {} }, /./],
  ])('refuses %s', (_what, body, pattern) => {
    const problems = validator.check('POST', CALLBACK, body);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(pattern);
  });

  it('checks follow-ups and channel messages too', () => {
    expect(validator.check('POST', '/webhooks/{webhook_id}/{webhook_token}', { content: 'x'.repeat(2001) })).not.toEqual([]);
    expect(validator.check('POST', '/channels/{channel_id}/messages', { embeds: [{ title: 'x'.repeat(300) }] })).not.toEqual([]);
    expect(validator.check('POST', '/users/@me/channels', { recipient_id: 'not-a-snowflake' })).not.toEqual([]);
  });
});
