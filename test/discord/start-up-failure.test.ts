// `npm start` with a Discord token when Discord can't be reached or refuses the token: one line
// that says which check failed and what to do, exit code 1, and no token, database password or
// classifier token anywhere in what the program printed.
import { describe, it } from 'vitest';
import { TestDiscord } from '../support/discord-double/index.ts';
import { runMain } from '../support/run-main.ts';
import { closedPort, databaseForFile, expectOneClearLine, secretEnv } from '../support/start-failure.ts';

const database = databaseForFile();

const discordSecrets = (apiUrl: string, applicationId = '1100000000000000001') =>
  secretEnv(database().url, {
    DISCORD_TOKEN: `bad.${Math.random().toString(36).slice(2)}.${Date.now()}`,
    DISCORD_APPLICATION_ID: applicationId,
    DISCORD_API_URL: apiUrl,
  });

describe('npm start when Discord login fails', () => {
  it('says in one line that the Discord API could not be reached, and prints no secret', async () => {
    const secrets = discordSecrets(`http://127.0.0.1:${await closedPort()}/api`);
    const run = await runMain([], secrets.env);
    expectOneClearLine(
      run,
      secrets,
      /^foodvision: discord: login could not reach the Discord API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the network and DISCORD_API_URL/,
    );
  }, 120_000);

  it('says in one line that Discord refused the token (401), and prints no secret', async () => {
    const discord = await TestDiscord.start();
    try {
      const secrets = discordSecrets(discord.apiUrl, discord.applicationId);
      const run = await runMain([], secrets.env);
      expectOneClearLine(run, secrets, /^foodvision: discord: login refused DISCORD_TOKEN \(401 Unauthorized\)\. Copy the bot token again/);
    } finally {
      await discord.stop();
    }
  }, 120_000);
});
