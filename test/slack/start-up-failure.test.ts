// `npm start` with Slack tokens when Slack can't be reached or refuses the token: one line that
// says which check failed and what to do, exit code 1, and no token, signing secret, database
// password or classifier token anywhere in what the program printed (before the fix, Node dumped
// Axios's request with `Authorization: Bearer xoxb-…` in it).
import { describe, it } from 'vitest';
import { runMain } from '../support/run-main.ts';
import { SlackDouble } from '../support/slack-double/server.ts';
import { closedPort, databaseForFile, expectOneClearLine, secretEnv } from '../support/start-failure.ts';

const database = databaseForFile();

const slackSecrets = (apiUrl: string) =>
  secretEnv(database().url, {
    SLACK_BOT_TOKEN: `xoxb-${Date.now()}-bad-${Math.random().toString(36).slice(2)}`,
    SLACK_SIGNING_SECRET: `signing${Math.random().toString(36).slice(2)}`,
    SLACK_API_URL: apiUrl,
    PORT: '0',
  });

describe('npm start when Slack start-up fails', () => {
  it('says in one line that auth.test could not reach Slack, and prints no secret', async () => {
    const secrets = slackSecrets(`http://127.0.0.1:${await closedPort()}/api/`);
    const run = await runMain([], secrets.env);
    expectOneClearLine(
      run,
      secrets,
      /^foodvision: slack: start-up check auth\.test could not reach the Slack Web API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the network and SLACK_API_URL/,
    );
  }, 120_000);

  it('says in one line that auth.test refused the token (invalid_auth), and prints no secret', async () => {
    const double = await new SlackDouble({ botToken: 'xoxb-the-right-token' }).start();
    try {
      const secrets = slackSecrets(double.apiUrl);
      const run = await runMain([], secrets.env);
      expectOneClearLine(
        run,
        secrets,
        /^foodvision: slack: start-up check auth\.test refused SLACK_BOT_TOKEN \(invalid_auth\)\. Copy the Bot User OAuth Token/,
      );
    } finally {
      await double.stop();
    }
  }, 120_000);
});
