// What Bolt's receiver guarantees, proven against the real app: unsigned, forged or replayed
// requests are refused with 401 and reach no listener; rate-limited Web API calls are retried
// after Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../support/slack-double/blocks-read.ts';
import { alice, CHANNEL, SIGNING_SECRET, SlackHarness } from './harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe('the Slack request URL', () => {
  it('refuses a request signed with the wrong secret (401), and runs nothing', async () => {
    const delivery = await h.command(alice, '/lesson 7', CHANNEL, { secret: `${SIGNING_SECRET}-forged` });
    expect(delivery.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.double.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a correctly signed request more than five minutes old (401)', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const delivery = await h.command(alice, '/lesson 7', CHANNEL, { timestamp: sixMinutesAgo });
    expect(delivery.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.double.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('accepts the same request signed now (the two refusals above were for the right reasons)', async () => {
    const delivery = await h.command(alice, '/lesson 7');
    expect(delivery.status).toBe(200);
    await h.waitForMessage(alice, CHANNEL, (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson');
  });

  it("answers Slack's url_verification challenge when the request URL is saved", async () => {
    const delivery = await h.sender.send({ contentType: 'application/json', body: JSON.stringify({ token: 'x', challenge: 'c0ffee', type: 'url_verification' }) });
    expect(delivery.status).toBe(200);
    expect(delivery.body).toContain('c0ffee');
  });

  it('waits out a 429 with Retry-After and posts once', async () => {
    h.double.rateLimitOnce('chat.postMessage', 1);
    const before = h.double.callsTo('chat.postMessage').length;
    const started = Date.now();
    await h.command(alice, '/lesson 7 2');
    await h.waitForMessage(alice, CHANNEL, (m) => /\(2\//.test(textOf(m.blocks)), 'section 2 after the rate limit');
    const calls = h.double.callsTo('chat.postMessage').slice(before);
    expect(calls.map((c) => c.outcome)).toEqual(['ratelimited', 'ok']);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
