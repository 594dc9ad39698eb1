// Stopping the Slack app (a deploy, Ctrl-C) must not lose what it already acknowledged: the
// receiver closes first, then the work behind each ack finishes before stop() returns, so the
// database is never closed under a reply still being posted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textOf } from '../support/slack-double/blocks-read.ts';
import { alice, CHANNEL, SlackHarness } from './harness.ts';

// Each test stops an app, so each has a classroom of its own.
let h: SlackHarness;
beforeEach(async () => {
  h = await SlackHarness.start();
});
afterEach(async () => {
  await h?.close();
});

describe('stopping the Slack app', () => {
  it('finishes an acknowledged command before stop() returns, even when its reply waits out a 429', async () => {
    h.double.rateLimitOnce('chat.postMessage', 1);
    const delivery = await h.command(alice, '/lesson 7');
    expect(delivery.status).toBe(200);

    await h.slack.stop();
    // The reply waited out Retry-After (1 s) inside stop(), and was posted before it returned: read
    // right after it returned, with nothing awaited in between (no clock: a busy machine may have
    // met the 429 long before stop() was called).
    const posts = h.double.callsTo('chat.postMessage');
    expect(posts.map((c) => c.outcome)).toEqual(['ratelimited', 'ok']);
    const lesson = h.double.seenBy(alice.userId, CHANNEL).find((m) => !m.ephemeralFor);
    expect(textOf(lesson?.blocks)).toContain('(1/');
    expect(await h.db.prisma.lessonProgress.count()).toBe(1);
  });

  it('takes no new requests once stopped', async () => {
    await h.slack.stop();
    await expect(h.command(alice, '/lesson 7')).rejects.toThrow();
  });
});
