// The Slack double refuses what Slack refuses; otherwise the end-to-end tests could pass against
// a server that accepts anything. Driven by @slack/web-api's own WebClient, as the bot is.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackDouble } from '../support/slack-double/server.ts';

const TOKEN = 'xoxb-double-self-test';
let double: SlackDouble;
let client: webApi.WebClient;
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );

beforeAll(async () => {
  double = await new SlackDouble({ botToken: TOKEN }).start();
  double.addUser({ id: 'U1', name: 'one', locale: 'ko-KR', is_admin: true });
  client = new webApi.WebClient(TOKEN, { slackApiUrl: double.apiUrl, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } });
});
afterAll(async () => {
  await double.stop();
});

describe('the Slack double', () => {
  it('refuses a wrong token and an unknown method', async () => {
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: double.apiUrl });
    expect(await code(stranger.auth.test())).toBe('invalid_auth');
    expect(await code(client.apiCall('chat.fly'))).toBe('unknown_method');
  });

  it('checks required arguments and Block Kit limits', async () => {
    expect(await code(client.chat.postMessage({ channel: '', text: 'x' }))).toBe('channel_not_found');
    expect(await code(client.chat.postMessage({ channel: 'C1', text: '' }))).toBe('no_text');
    const tooLong = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    expect(await code(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooLong as never }))).toBe('invalid_blocks');
    expect(await code(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' }))).toBe('message_not_found');
    expect(await code(client.views.open({ trigger_id: 'nodots', view: { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [] } }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('answers users.info with the locale only when asked, as Slack does', async () => {
    expect((await client.users.info({ user: 'U1' })).user?.locale).toBeUndefined();
    expect((await client.users.info({ user: 'U1', include_locale: true })).user).toMatchObject({ locale: 'ko-KR', is_admin: true });
    expect(await code(client.users.info({ user: 'U404' }))).toBe('user_not_found');
  });

  it('serves files.uploadV2 end to end: upload URL, the upload, completion', async () => {
    await client.files.uploadV2({ channel_id: 'C1', file: Buffer.from('a,b\n1,2\n'), filename: 'r.csv', title: 'r.csv' });
    const [upload] = [...double.uploads.values()];
    expect(upload?.bytes?.toString()).toBe('a,b\n1,2\n');
    expect(upload?.completed?.channel_id).toBe('C1');
  });

  it('answers 429 with Retry-After once, and the WebClient waits it out', async () => {
    double.rateLimitOnce('auth.test', 1);
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(
      double
        .callsTo('auth.test')
        .slice(-2)
        .map((c) => c.outcome),
    ).toEqual(['ratelimited', 'ok']);
  });

  it('serves url_private only with the bot token', async () => {
    const file = double.addFile({ name: 'p.jpg', mimetype: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]) });
    const url = String(file.url_private);
    expect((await fetch(url)).status).toBe(403);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([ok.status, [...new Uint8Array(await ok.arrayBuffer())]]).toEqual([200, [1, 2, 3]]);
  });
});
