// `npm start` with DISCORD_TOKEN set: the real composition root (src/main.ts) connects to the
// double through DISCORD_API_URL and serves a command, from a cold start, within Discord's 3 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';
import { TestDiscord } from '../support/discord-double/index.ts';
import { textOf } from './harness.ts';

let discord: TestDiscord;
let database: BlankDatabase;
let app: ChildProcess;
let output = '';

beforeAll(async () => {
  discord = await TestDiscord.start();
  database = await createBlankDatabase();
  discord.addGuild('Morning class');
  app = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await Promise.race([
    discord.waitForGateway(),
    new Promise((_, reject) => app.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)))),
  ]);
});

afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }
  await discord?.stop();
  await database?.drop();
});

describe('npm start with DISCORD_TOKEN', () => {
  it('connects through DISCORD_API_URL and answers the first command in time', async () => {
    expect(discord.calls.some((c) => c.route === '/gateway/bot')).toBe(true);
    const guild = [...discord.guilds.values()][0]!;
    const member = discord.addPerson('yuna', { guilds: [guild], locale: 'ko' });
    const ix = discord.slash(member, { guild, channel: guild.channels[0]! }, 'help');
    const answer = await discord.answered(ix);
    // Answered in time: the double refuses a first response after Discord's 3 s, and says so in problems.
    expect(ix.callbacks).toHaveLength(1);
    expect(textOf(answer)).toMatch(/[가-힣]/);
    expect(output).not.toContain(discord.token);
    expect(discord.problems).toEqual([]);
  });
});
