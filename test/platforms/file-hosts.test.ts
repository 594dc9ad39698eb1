// Where the adapters fetch posted files from: the Slack bot token goes only to the configured Web
// API's origin and its files. host, Discord attachments come only from Discord's CDN (or the
// configured API's origin, where a double serves both), and a redirect off those hosts is not
// followed. A foreign host, a second local server, must receive nothing: no request at all.
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { discordAttachmentOrigins, DISCORD_CDN_ORIGINS, toAttachmentRef } from '../../src/platforms/discord/attachments.ts';
import { DEFAULT_API_URL as DISCORD_DEFAULT_API } from '../../src/platforms/discord/index.ts';
import { slackAttachment, slackFileOrigins, type SlackFileAccess } from '../../src/platforms/slack/attachments.ts';
import { SlackDouble } from '../support/slack-double/server.ts';
import { startForeignHost, startHost, type HttpHost } from '../support/foreign-host.ts';

const BOT_TOKEN = 'xoxb-file-hosts-test-token';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const MAX = 1024 * 1024;

let foreign: HttpHost;
beforeAll(async () => {
  foreign = await startForeignHost();
});
afterAll(async () => {
  await foreign?.close();
});
afterEach(() => {
  // Each test starts from a foreign host that has seen nothing.
  expect(foreign.requests).toEqual([]);
});

async function refusal(work: Promise<unknown>): Promise<UserError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('Slack: the bot token goes to Slack only', () => {
  let double: SlackDouble;
  let client: webApi.WebClient;
  let access: SlackFileAccess;
  beforeAll(async () => {
    double = await new SlackDouble({ botToken: BOT_TOKEN }).start();
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } });
    access = { botToken: BOT_TOKEN, origins: slackFileOrigins(double.apiUrl) };
  });
  afterAll(async () => {
    await double?.stop();
  });

  const hosted = (overrides: { url_private?: string; redirectTo?: string } = {}) => {
    const payload = double.addFile({ name: 'lunch.jpg', mimetype: 'image/jpeg', bytes: JPEG });
    Object.assign(double.files.get(payload.id as string)!, overrides);
    return { id: payload.id as string, name: 'lunch.jpg', mimetype: 'image/jpeg', size: JPEG.length };
  };

  it('downloads from the configured API host, with the token', async () => {
    const file = hosted();
    expect(Buffer.from(await slackAttachment(client, access, file).download(MAX))).toEqual(JPEG);
    expect(
      double
        .callsTo('download')
        .filter((c) => c.args.file === file.id)
        .map((c) => [c.outcome, c.args.authorized]),
    ).toEqual([['200', true]]);
  });

  it('refuses a url_private on another host before any request, with a clear message', async () => {
    const file = hosted({ url_private: `${foreign.origin}/files-pri/T0DOUBLE-F1/lunch.jpg` });
    const error = await refusal(slackAttachment(client, access, file).download(MAX));
    expect(error.code).toBe('file-host-refused');
    expect(error.text.en).toMatch(/isn't on Slack's file servers/);
    expect(error.text.ko).toMatch(/Slack 파일 서버/);
  });

  it("does not follow a redirect from Slack's host to another host", async () => {
    const file = hosted({ redirectTo: `${foreign.origin}/steal` });
    const error = await refusal(slackAttachment(client, access, file).download(MAX));
    expect(error.code).toBe('file-unavailable');
    expect(
      double
        .callsTo('download')
        .filter((c) => c.args.file === file.id)
        .map((c) => c.outcome),
    ).toEqual(['302']);
  });

  it("allows Slack's own API and files hosts by default, and no look-alike", () => {
    const origins = slackFileOrigins('https://slack.com/api/');
    expect([...origins].sort()).toEqual(['https://files.slack.com', 'https://slack.com']);
    for (const url of [
      'https://files.slack.com.evil.example/x',
      'http://files.slack.com/x',
      'https://files.slack.com:444/x',
      'https://evil.example/files.slack.com',
    ]) {
      expect(origins.has(new URL(url).origin)).toBe(false);
    }
  });
});

describe('Discord: attachments come from the CDN only', () => {
  let cdn: HttpHost;
  let origins: Set<string>;
  beforeAll(async () => {
    // The configured API's host stands in for the CDN, as the Discord double does.
    cdn = await startHost((req, res) => {
      if (req.url === '/photo.jpg') res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) }).end(JPEG);
      else if (req.url === '/moved') res.writeHead(302, { location: '/photo.jpg' }).end();
      else if (req.url === '/away') res.writeHead(302, { location: `${foreign.origin}/photo.jpg` }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else res.writeHead(404).end();
    });
    origins = discordAttachmentOrigins(`${cdn.origin}/api`, DISCORD_DEFAULT_API);
  });
  afterAll(async () => {
    await cdn?.close();
  });

  const photo = (url: string) => toAttachmentRef({ name: 'lunch.jpg', url, size: JPEG.length, contentType: 'image/jpeg' }, origins);

  it('downloads from the allowed host, following a redirect that stays on it', async () => {
    expect(Buffer.from(await photo(`${cdn.origin}/photo.jpg`).download(MAX))).toEqual(JPEG);
    expect(Buffer.from(await photo(`${cdn.origin}/moved`).download(MAX))).toEqual(JPEG);
  });

  it('refuses an attachment URL on another host before any request, with a clear message', async () => {
    const error = await refusal(photo(`${foreign.origin}/photo.jpg`).download(MAX));
    expect(error.code).toBe('attachment-host-refused');
    expect(error.text.en).toMatch(/isn't on Discord's file servers/);
  });

  it('does not follow a redirect off the allowed host', async () => {
    const before = cdn.requests.length;
    const error = await refusal(photo(`${cdn.origin}/away`).download(MAX));
    expect(error.code).toBe('attachment-host-refused');
    expect(cdn.requests.slice(before).map((r) => r.url)).toEqual(['/away']);
  });

  it('gives up on a redirect loop after a few hops', async () => {
    const before = cdn.requests.length;
    const error = await refusal(photo(`${cdn.origin}/loop`).download(MAX));
    expect(error.code).toBe('attachment-download-failed');
    expect(cdn.requests.length - before).toBe(4);
  });

  it("allows only Discord's CDN hosts by default", () => {
    const defaults = discordAttachmentOrigins(undefined, DISCORD_DEFAULT_API);
    expect([...defaults].sort()).toEqual([...DISCORD_CDN_ORIGINS].sort());
    expect(defaults.has(new URL('https://cdn.discordapp.com.evil.example/a.png').origin)).toBe(false);
  });
});
