// A command defined here, outside commands/, reaches every platform through its definition alone:
// the console, Discord (the deploy payload and a slash command through discord.js) and Slack (the
// manifest and a signed slash command through Bolt). No adapter knows its name.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../commands/index.ts';
import { defineCommand } from '../../src/app/command.ts';
import { createClassroom, type ClassroomPlugin } from '../../src/app/classroom.ts';
import { userText } from '../../src/core/display-text.ts';
import { text } from '../../src/core/reply.ts';
import { deployCommands } from '../../src/platforms/discord/deploy.ts';
import { ConsoleSession } from '../../src/platforms/console/session.ts';
import { buildManifest } from '../../src/platforms/slack/manifest.ts';
import { openClassroom, textOf as discordText, type Classroom } from '../discord/harness.ts';
import { alice, CHANNEL, SlackHarness } from '../slack/harness.ts';
import { textOf as slackText } from '../support/slack-double/blocks-read.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const stamp = defineCommand({
  name: 'stamp',
  names: { ko: '도장' },
  description: { ko: '낱말에 도장을 찍어요', en: 'Stamp a word' },
  options: [{ name: 'word', names: { ko: '낱말' }, type: 'string', required: true, description: { ko: '찍을 낱말', en: 'The word to stamp' } }],
  requiredRole: 'student',
  async run(ctx, args) {
    return { blocks: [text(`${ctx.t({ ko: '도장', en: 'Stamped' })}: ${userText(String(args.word))}`)] };
  },
});
const plugin: ClassroomPlugin = { commands: [stamp] };

describe('a command added outside commands/', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs on the console', async () => {
    const { dispatcher } = await createClassroom({ database: db.database, plugins: [plugin] });
    const lines: string[] = [];
    const session = new ConsoleSession(dispatcher, {
      user: { name: 'Mina', role: 'student' },
      locale: 'en',
      outDir: tmpdir(),
      write: (line) => lines.push(line),
    });
    await session.handle('/stamp kimchi');
    expect(lines.join('\n')).toContain('Stamped: kimchi');
  });
});

describe('a command added outside commands/, on Discord', () => {
  let room: Classroom;
  beforeAll(async () => {
    room = await openClassroom({ plugins: async () => [plugin] });
  });
  afterAll(async () => {
    await room?.close();
  });

  it('is in the deploy payload with its Korean names, and Discord accepts the payload', async () => {
    await deployCommands({
      token: room.discord.token,
      applicationId: room.discord.applicationId,
      guildId: room.guild.id,
      apiUrl: room.discord.apiUrl,
      commands: [...coreCommands, stamp],
    });
    const registered = room.discord.registered.get(room.guild.id) as {
      name: string;
      name_localizations?: unknown;
      options?: { name: string; name_localizations?: unknown }[];
    }[];
    const entry = registered.find((c) => c.name === 'stamp');
    expect(entry?.name_localizations).toEqual({ ko: '도장' });
    expect(entry?.options?.[0]).toMatchObject({ name: 'word', name_localizations: { ko: '낱말' } });
    // close() fails the test if the double saw a body real Discord would refuse.
  });

  it('answers a slash command through discord.js', async () => {
    const member = room.student('noor');
    const answer = await room.discord.answered(room.discord.slash(member, { guild: room.guild, channel: room.channel }, 'stamp', { word: 'bibimbap' }));
    expect(discordText(answer)).toContain('Stamped: bibimbap');
  });
});

describe('a command added outside commands/, on Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await SlackHarness.start({ plugins: () => [plugin] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is in the manifest, with a usage hint from its option', () => {
    const slash = buildManifest([...coreCommands, stamp]).features?.slash_commands ?? [];
    expect(slash.find((c) => c.command === '/stamp')).toMatchObject({ usage_hint: '<word>', description: 'Stamp a word · 낱말에 도장을 찍어요' });
  });

  it('answers a signed slash command through Bolt', async () => {
    const delivery = await h.command(alice, '/stamp tteokbokki');
    expect(delivery.status).toBe(200);
    const answer = await h.waitForMessage(alice, CHANNEL, (m) => slackText(m.blocks).includes('tteokbokki'), 'the stamp');
    expect(slackText(answer.blocks)).toContain('Stamped: tteokbokki');
  });
});
