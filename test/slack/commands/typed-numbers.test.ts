// Numbers as members type them, end to end: a Korean IME's full-width `/quiz ７` and `/lesson 수업 7과`
// reach the quiz and the lesson, not a usage message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, bob, CHANNEL, SlackHarness } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe('typed numbers over Slack', () => {
  it('/quiz ７ (full-width) sends the first question of lesson 7 to the DM', async () => {
    const delivery = await h.command(alice, '/quiz ７');
    expect(delivery.status).toBe(200);
    const first = await h.waitForMessage(alice, `D${alice.userId}`, (m) => /Quiz · Lesson 7 — 1\/5/.test(textOf(m.blocks)), 'question 1 in the DM');
    expect(buttonsIn(first.blocks)).toHaveLength(4);
    expect(h.double.seenBy(alice.userId, CHANNEL).some((m) => /Usage/.test(textOf(m.blocks)))).toBe(false);
  });

  it('/lesson 수업 7과 posts lesson 7', async () => {
    await h.command(bob, '/lesson 수업 7과');
    const shared = await h.waitForMessage(bob, CHANNEL, (m) => !m.ephemeralFor && /\(1\//.test(textOf(m.blocks)), 'lesson 7');
    expect(shared.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(h.double.seenBy(bob.userId, CHANNEL).some((m) => /사용법/.test(textOf(m.blocks)))).toBe(false);
  });
});
