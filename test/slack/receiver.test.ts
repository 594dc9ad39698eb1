// What the receiver guarantees, proven against the real app: unsigned, forged, replayed (older
// than five minutes) or future-dated (more than five minutes ahead) requests are refused with 401
// and reach no listener; rate-limited Web API calls are retried
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

const mark = () => ({ calls: h.double.calls.length, messages: h.double.messages.length });
const SENTINEL = /\(3\/\d+\)/; // section 3, which no other test here asks for

/**
 * After a refused `/lesson 7`, a valid `/lesson 7 3` and its answer. Then a restart: stopping the
 * app finishes every request it acknowledged, so had the refused one been run, however slowly, its
 * section 1 would show by now. Nothing but the valid request may have happened: its one post (and
 * the member lookup a first request makes).
 */
async function expectOnlyTheValidRequestAfter(since: { calls: number; messages: number }): Promise<void> {
  expect((await h.command(alice, '/lesson 7 3')).status).toBe(200);
  const posted = () => h.double.messages.slice(since.messages);
  await h.double.waitFor(() => posted().some((m) => SENTINEL.test(textOf(m.blocks))), 20_000, "the valid request's section 3");
  await h.restart();
  expect(h.logs.filter((l) => /unfinished/.test(l))).toEqual([]);
  expect(posted().map((m) => [m.channel, m.ephemeralFor, textOf(m.blocks).split('\n', 1)[0]])).toEqual([[CHANNEL, undefined, expect.stringMatching(SENTINEL)]]);
  const calls = h.double.calls.slice(since.calls).filter((c) => c.method !== 'auth.test' && !(c.method === 'users.info' && c.args.user === alice.userId));
  expect(calls.map((c) => c.method)).toEqual(['chat.postMessage']);
}

describe('the Slack request URL', () => {
  it('refuses a request signed with the wrong secret (401), and runs nothing', async () => {
    const since = mark();
    const delivery = await h.command(alice, '/lesson 7', CHANNEL, { secret: `${SIGNING_SECRET}-forged` });
    expect(delivery.status).toBe(401);
    await expectOnlyTheValidRequestAfter(since);
  });

  it('refuses a correctly signed request more than five minutes old (401)', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const since = mark();
    const delivery = await h.command(alice, '/lesson 7', CHANNEL, { timestamp: sixMinutesAgo });
    expect(delivery.status).toBe(401);
    await expectOnlyTheValidRequestAfter(since);
  });

  it('refuses a correctly signed request more than five minutes in the future (401), like an old one', async () => {
    const sixMinutesAhead = Math.floor(Date.now() / 1000) + 6 * 60;
    const since = mark();
    const delivery = await h.command(alice, '/lesson 7', CHANNEL, { timestamp: sixMinutesAhead });
    expect(delivery.status).toBe(401);
    expect(h.logs.some((l) => /more than five minutes in the future/.test(l))).toBe(true);
    await expectOnlyTheValidRequestAfter(since);
  });

  it('accepts a request signed a minute ahead: a skewed clock inside the window is not refused', async () => {
    const delivery = await h.command(alice, '/lesson 7 4', CHANNEL, { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(delivery.status).toBe(200);
    await h.waitForMessage(alice, CHANNEL, (m) => /\(4\//.test(textOf(m.blocks)), 'section 4');
  });

  it('accepts the same request signed now (the refusals above were for the right reasons)', async () => {
    const delivery = await h.command(alice, '/lesson 7');
    expect(delivery.status).toBe(200);
    await h.waitForMessage(alice, CHANNEL, (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson');
  });

  it("answers Slack's url_verification challenge when the request URL is saved", async () => {
    const delivery = await h.sender.send({
      contentType: 'application/json',
      body: JSON.stringify({ token: 'x', challenge: 'c0ffee', type: 'url_verification' }),
    });
    expect(delivery.status).toBe(200);
    expect(delivery.body).toContain('c0ffee');
  });

  it('waits out a 429 with Retry-After and posts once', async () => {
    h.double.rateLimitOnce('chat.postMessage', 1);
    const before = h.double.callsTo('chat.postMessage').length;
    await h.command(alice, '/lesson 7 2');
    await h.waitForMessage(alice, CHANNEL, (m) => /\(2\//.test(textOf(m.blocks)), 'section 2 after the rate limit');
    const calls = h.double.callsTo('chat.postMessage').slice(before);
    expect(calls.map((c) => c.outcome)).toEqual(['ratelimited', 'ok']);
    // Not before Retry-After (a lower bound, which a busy machine can only lengthen).
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
  });
});
