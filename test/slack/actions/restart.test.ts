// Buttons outlive the process: a message posted before a restart still works after it, because
// the action id carries all the state; a button whose command is gone says so clearly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, button, CHANNEL, SlackHarness } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe('a message posted before a restart', () => {
  it('still pages the lesson after the app restarts', async () => {
    await h.command(alice, '/lesson 7');
    const shared = await h.waitForMessage(alice, CHANNEL, (m) => !m.ephemeralFor && /\(1\//.test(textOf(m.blocks)), 'the lesson');
    const oldPort = h.slack.port;
    await h.restart();
    expect(h.slack.port).not.toBe(oldPort);
    await h.click(
      alice,
      shared,
      button(shared, (b) => b.actionId.startsWith('lesson:open:')),
    );
    await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /\(2\//.test(textOf(m.blocks)), 'page 2 after the restart');
  });

  it('a button from a removed command answers "run the command again", privately', async () => {
    const shared = h.double.seenBy(alice.userId, CHANNEL).find((m) => !m.ephemeralFor)!;
    await h.click(alice, shared, { actionId: 'oldgame:play:3', text: 'Play', value: undefined as unknown as string });
    const note = await h.waitForMessage(
      alice,
      CHANNEL,
      (m) => m.ephemeralFor === alice.userId && /no longer works/.test(textOf(m.blocks)),
      'the stale-button note',
    );
    expect(textOf(note.blocks)).toContain('run the command again');
    // The shared message itself was left alone.
    expect(textOf(h.double.seenBy(alice.userId, CHANNEL).find((m) => !m.ephemeralFor)!.blocks)).toContain('(1/');
  });
});
