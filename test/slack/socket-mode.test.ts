// Socket Mode (SLACK_APP_TOKEN set): the same app, reached over a WebSocket instead of a public
// request URL. Each envelope is acknowledged with its envelope_id and the work continues after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassroom } from '../../src/app/classroom.ts';
import { startSlack, type SlackHandle } from '../../src/platforms/slack/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { textOf } from '../support/slack-double/blocks-read.ts';
import { SlackDouble } from '../support/slack-double/server.ts';
import { eventEnvelope, fileShareEvent } from '../support/slack-double/signer.ts';
import { alice, BOT_TOKEN, CHANNEL, TEAM } from './harness.ts';

const APP_TOKEN = 'xapp-double-app-token';
let db: TestDatabase;
let double: SlackDouble;
let slack: SlackHandle;
const logs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  double = await new SlackDouble({ botToken: BOT_TOKEN, appToken: APP_TOKEN, teamId: TEAM }).start();
  double.addUser({ id: alice.userId, name: 'alice', real_name: 'Alice', locale: 'en-US' });
  const { dispatcher } = await createClassroom({ database: db.database });
  // No signing secret is needed on a socket Slack itself opened for us; a wrong one must not matter.
  slack = await startSlack({
    botToken: BOT_TOKEN,
    signingSecret: 'unused-in-socket-mode',
    appToken: APP_TOKEN,
    apiUrl: double.apiUrl,
    dispatcher,
    log: (m) => void logs.push(m),
  });
  await double.socketMode!.whenConnected();
});
afterAll(async () => {
  await slack?.stop().catch(() => undefined);
  await double?.stop();
  await db?.drop();
});

describe('Socket Mode', () => {
  it('connects with the app-level token, never the bot token', () => {
    expect(double.callsTo('apps.connections.open').map((c) => c.outcome)).toEqual(['ok']);
    expect(logs).toContain('slack: connected in Socket Mode');
  });

  it('acks a slash command envelope, then answers through the Web API', async () => {
    const ack = await double.socketMode!.send('slash_commands', {
      team_id: TEAM,
      channel_id: CHANNEL,
      user_id: alice.userId,
      user_name: 'alice',
      command: '/lesson',
      text: '7',
      response_url: double.responseUrl({ user: alice.userId, channel: CHANNEL }),
      trigger_id: double.triggerId(),
      api_app_id: 'A0DOUBLE',
    });
    expect(ack.envelope_id).toBe('env-1');
    await double.waitFor(() => double.seenBy(alice.userId, CHANNEL).some((m) => /\(1\//.test(textOf(m.blocks))), 10_000, 'the lesson');
  });

  it('acks an Events API envelope too', async () => {
    const event = JSON.parse(eventEnvelope(TEAM, double.botUserId, fileShareEvent(CHANNEL, alice.userId, double.nextTs(), [])).body) as Record<string, unknown>;
    const ack = await double.socketMode!.send('events_api', event);
    expect(ack.envelope_id).toBe('env-2');
  });
});
