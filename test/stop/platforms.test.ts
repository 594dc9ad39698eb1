// `npm start` with Slack and Discord on, stopped the two ways an operator stops it, each while
// work it has acknowledged is unfinished: a photo on each platform (its download held by the
// double) and a quiz answer on each (the database held by a proxy, so nothing is scored yet).
// SIGTERM to npm's pid is `kill <pid>` / `docker stop`; SIGTERM to the group is Ctrl-C or systemd.
// Either way every reply must arrive, every answer be stored, npm exit 0, and no process remain.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { predictCommand } from '../../commands/predict.ts';
import { textOf as discordText, buttonsOf } from '../discord/harness.ts';
import { testPhoto } from '../slack/classifier.ts';
import { alice, BOT_TOKEN, CHANNEL, SIGNING_SECRET, TEAM } from '../slack/harness.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';
import { TestDiscord, type InteractionRecord, type Person, type StoredMessage as DiscordMessage } from '../support/discord-double/index.ts';
import { buttonsIn, textOf as slackText } from '../support/slack-double/blocks-read.ts';
import { SlackSender } from '../support/slack-double/sender.ts';
import { SlackDouble } from '../support/slack-double/server.ts';
import { blockActionsPayload, interactionForm, messageShortcutPayload, slashCommandForm } from '../support/slack-double/signer.ts';
import type { StoredMessage as SlackMessage } from '../support/slack-double/types.ts';
import { StartedProgram } from '../support/started-program.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/** The message shortcut's id, as the /predict definition declares it. */
const CLASSIFY_SHORTCUT_ID = predictCommand.surfaces!.shortcut!.callbackId;

/** Start-up (npm, prestart, migrations, TF.js) and a first photo take a while on a loaded 2-core machine. */
const SLOW = 180_000;

/** What a test started, ended by afterEach however the test went. */
interface Started {
  program: StartedProgram;
  slack: SlackDouble;
  discord: TestDiscord;
  database: BlankDatabase;
  proxy: TcpProxy;
}

interface Class extends Started {
  sender: SlackSender;
  mina: Person;
}

let opened: Started | undefined;
afterEach(async () => {
  const room = opened;
  opened = undefined;
  if (!room) return;
  room.proxy.resume();
  await room.program.cleanUp();
  await Promise.all([room.slack.stop(), room.discord.stop(), room.proxy.close()]);
  await room.database.drop();
});

async function openClass(): Promise<Class> {
  const database = await createBlankDatabase();
  const proxy = await startTcpProxy(Number(new URL(database.url).port || 5432));
  const slack = await new SlackDouble({ botToken: BOT_TOKEN, teamId: TEAM }).start();
  slack.addUser({ id: alice.userId, name: 'alice', real_name: 'Alice', locale: 'en-US' });
  const discord = await TestDiscord.start();
  const guild = discord.addGuild('Morning class');
  const mina = discord.addPerson('mina', { guilds: [guild] });
  const viaProxy = new URL(database.url);
  viaProxy.port = String(proxy.port);
  const program = StartedProgram.npmStart({
    DATABASE_URL: viaProxy.toString(),
    DATA_DIR: await mkdtemp(join(tmpdir(), 'fv-stop-')),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
  });
  opened = { program, slack, discord, database, proxy };
  const [, port] = await program.waitForOutput(/slack: listening on (\d+)\n/, 'Slack listening', SLOW);
  await program.waitForOutput(/discord: connected/, 'Discord connected', SLOW);
  return { ...opened, mina, sender: new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET) };
}

const place = (room: Class) => {
  const guild = [...room.discord.guilds.values()][0]!;
  return { guild, channel: guild.channels[0]! };
};
const jpeg = async (label: string, index: number) => ({ upload: { filename: `${label}.jpg`, contentType: 'image/jpeg', data: await testPhoto(label, index) } });
const slackDm = `D${alice.userId}`;
const slackQuestion = (n: number) => (m: SlackMessage) => new RegExp(`Quiz · Lesson 7 — ${n}/5`).test(slackText(m.blocks)) && buttonsIn(m.blocks).length > 0;
const discordQuestion = (room: Class) => room.discord.dmMessages(room.mina).find((m) => buttonsOf(m).some((b) => b.id.startsWith('@') && !b.disabled));

/** Before the stop: a first photo (the backbone loads) and a quiz started on each platform. */
async function prepare(room: Class): Promise<{ slackFirst: SlackMessage; discordFirst: DiscordMessage }> {
  const warmUp = room.discord.slash(room.mina, place(room), 'predict', { photo: await jpeg('bibimbap', 0) });
  await room.discord.answered(warmUp, (m) => /\d+%/.test(discordText(m)), SLOW);
  await room.discord.answered(room.discord.slash(room.mina, place(room), 'quiz', { lesson: 7 }), () => true, SLOW);
  const discordFirst = await room.discord.waitFor(() => discordQuestion(room), "question 1 in mina's DMs", SLOW);
  const command = slashCommandForm(alice, {
    command: '/quiz',
    text: '7',
    channelId: CHANNEL,
    responseUrl: room.slack.responseUrl({ user: alice.userId, channel: CHANNEL }),
    triggerId: room.slack.triggerId(),
  });
  expect((await room.sender.send(command)).status).toBe(200);
  await room.slack.waitFor(() => room.slack.seenBy(alice.userId, slackDm).some(slackQuestion(1)), SLOW, "question 1 in alice's DM");
  return { slackFirst: room.slack.seenBy(alice.userId, slackDm).find(slackQuestion(1))!, discordFirst };
}

interface Unfinished {
  discordPhoto: InteractionRecord;
  discordAnswer: InteractionRecord;
  slackPhotoTs: string;
  release(): void;
}

/** Acknowledged and unfinished: two photos waiting for their downloads, two answers for the database. */
async function startWork(room: Class, first: { slackFirst: SlackMessage; discordFirst: DiscordMessage }): Promise<Unfinished> {
  const discordDownload = room.discord.holdNextDownload();
  const discordPhoto = room.discord.slash(room.mina, place(room), 'predict', { photo: await jpeg('baklava', 0) });
  const slackDownload = room.slack.holdNext('download');
  const file = room.slack.addFile({ name: 'lunch.jpg', mimetype: 'image/jpeg', bytes: await testPhoto('beignets', 0) });
  const slackPhotoTs = room.slack.nextTs();
  const shortcut = messageShortcutPayload(
    alice,
    CLASSIFY_SHORTCUT_ID,
    { channelId: CHANNEL, ts: slackPhotoTs, user: alice.userId, files: [file] },
    { responseUrl: room.slack.responseUrl({ user: alice.userId, channel: CHANNEL }), triggerId: room.slack.triggerId() },
  );
  expect((await room.sender.send(interactionForm(shortcut))).status).toBe(200);
  await Promise.all([discordDownload.reached, slackDownload.reached]);

  room.proxy.pause();
  const choice = buttonsIn(first.slackFirst.blocks)[0]!;
  const click = blockActionsPayload(
    alice,
    { message: { channelId: slackDm, ts: first.slackFirst.ts, blocks: first.slackFirst.blocks ?? [] } },
    { type: 'button', actionId: choice.actionId, text: choice.text },
    { responseUrl: room.slack.responseUrl({ user: alice.userId, channel: slackDm, messageTs: first.slackFirst.ts }), triggerId: room.slack.triggerId() },
  );
  expect((await room.sender.send(interactionForm(click))).status).toBe(200);
  const option = buttonsOf(first.discordFirst).find((b) => b.id.startsWith('@'))!;
  const discordAnswer = room.discord.click(room.mina, first.discordFirst, option.id);
  await room.discord.waitFor(() => discordAnswer.callbacks.length > 0 && discordPhoto.callbacks.length > 0, 'both Discord interactions acknowledged', SLOW);
  return {
    discordPhoto,
    discordAnswer,
    slackPhotoTs,
    release() {
      room.proxy.resume();
      discordDownload.release();
      slackDownload.release();
    },
  };
}

/** Answers counted on the server directly, not through the paused proxy. */
async function storedAnswers(database: BlankDatabase): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM "QuizAnswer"');
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

async function expectEverythingFinished(room: Class, work: Unfinished): Promise<void> {
  const exit = await room.program.exited;
  expect(exit, room.program.output).toEqual({ code: 0, signal: null });
  // The program has exited: whatever it was going to deliver is at the doubles now.
  const photo = room.discord.original(work.discordPhoto);
  expect(photo && discordText(photo), room.program.output).toMatch(/\d+%/);
  const answered = room.discord.original(work.discordAnswer);
  expect(answered && answered.editCount > 0 && buttonsOf(answered).every((b) => b.disabled)).toBe(true);
  const thread = room.slack.seenBy(alice.userId, CHANNEL).filter((m) => m.thread_ts === work.slackPhotoTs);
  expect(thread.map((m) => slackText(m.blocks)).join('\n')).toMatch(/\d+%/);
  expect(room.slack.seenBy(alice.userId, slackDm).some(slackQuestion(2))).toBe(true);
  expect(await storedAnswers(room.database)).toBe(2);
  expect(room.program.output).not.toMatch(/unfinished/);
  // No process of the tree is left: not npm, not the node it ran, nothing they started.
  expect(await room.program.treeGone()).toEqual([]);
  for (const secret of [BOT_TOKEN, SIGNING_SECRET, room.discord.token]) expect(room.program.output).not.toContain(secret);
}

describe('npm start, stopped mid-work', () => {
  it('SIGTERM to npm reaches the bot, which finishes every acknowledged photo and answer, then the whole tree exits 0', async () => {
    const room = await openClass();
    const first = await prepare(room);
    const work = await startWork(room, first);
    const app = room.program.appPid();
    expect(room.program.groupPids()).toEqual(expect.arrayContaining([room.program.pid, app]));
    expect(await storedAnswers(room.database)).toBe(0);

    room.program.signal('SIGTERM');
    await room.program.waitForOutput(/SIGTERM: stopping/, 'the bot to begin stopping');
    work.release();
    await expectEverythingFinished(room, work);
  }, 480_000);

  it('SIGTERM to the process group, twice (npm relays each once more): the later ones do not cut the work short', async () => {
    const room = await openClass();
    const first = await prepare(room);
    const work = await startWork(room, first);
    room.program.groupPids();
    expect(await storedAnswers(room.database)).toBe(0);

    room.program.signalGroup('SIGTERM');
    await room.program.waitForOutput(/SIGTERM: stopping/, 'the bot to begin stopping');
    // The kernel may merge npm's relay with the original when they arrive together, so the
    // repeat that must be answered is a second one, sent once the first is being handled.
    room.program.signalGroup('SIGTERM');
    await room.program.waitForOutput(/SIGTERM again: still finishing/, 'the repeated signal answered');
    work.release();
    await expectEverythingFinished(room, work);
  }, 480_000);
});
