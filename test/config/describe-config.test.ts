// The start-up line says where the bot connects and which platforms are on, and never prints a
// token, a signing secret or a password, wherever in a URL the password sits.
import { describe, expect, it } from 'vitest';
import { describeConfig, readConfig } from '../../src/config.ts';

const secrets = {
  DATABASE_URL: 'postgresql://fv:pw-in-userinfo@db.example:5432/classroom?sslmode=require&password=pw-in-query',
  CLASSIFIER_URL: 'http://gpu.example:8080/?token=classifier-token',
  DISCORD_TOKEN: 'discord-bot-token',
  DISCORD_APPLICATION_ID: '1234',
  DISCORD_API_URL: 'http://user:discord-api-pw@127.0.0.1:4000/api',
  SLACK_BOT_TOKEN: 'xoxb-slack-bot-token',
  SLACK_SIGNING_SECRET: 'slack-signing-secret',
  SLACK_APP_TOKEN: 'xapp-slack-app-token',
};

describe('the start-up line', () => {
  it('names where everything is, with no secret from any variable', () => {
    const line = describeConfig(readConfig(secrets));
    expect(line).toBe(
      'database: postgresql://fv:***@db.example:5432/classroom (query options hidden), ' +
        'discord: on (http://user:***@127.0.0.1:4000/api), slack: on (socket mode), ' +
        'classifier: http://gpu.example:8080 (query options hidden)',
    );
    for (const secret of [
      'pw-in-userinfo',
      'pw-in-query',
      'classifier-token',
      'discord-bot-token',
      'discord-api-pw',
      'xoxb-slack-bot-token',
      'slack-signing-secret',
      'xapp-slack-app-token',
    ]) {
      expect(line).not.toContain(secret);
    }
  });

  it('says the embedded database and the console classroom when nothing is set', () => {
    expect(describeConfig(readConfig({ DATA_DIR: '/srv/fv' }))).toBe('database: embedded (/srv/fv), platforms: none, console classroom');
  });
});
