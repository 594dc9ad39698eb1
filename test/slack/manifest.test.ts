// The committed Slack app manifest must declare exactly the commands the dispatcher serves (as the
// app composes them: core commands plus the classifier plugin), with the scopes, events and
// shortcut the listeners rely on. `npm run slack:manifest` rewrites it.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassroom } from '../../src/app/classroom.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import { classifierPlugin } from '../../src/app/classifier-plugin.ts';
import { predictCommand } from '../../commands/predict.ts';
import { buildManifest, typeable } from '../../src/platforms/slack/manifest.ts';
import { MANIFEST_PATH } from '../../src/platforms/slack/write-manifest.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** The message shortcut's id, as the /predict definition declares it. */
const CLASSIFY_SHORTCUT_ID = predictCommand.surfaces!.shortcut!.callbackId;

let db: TestDatabase;
let dispatcher: Dispatcher;
let close: () => Promise<void>;
beforeAll(async () => {
  db = await createTestDatabase();
  const plugin = await classifierPlugin({ database: db.database });
  close = () => plugin.close();
  ({ dispatcher } = await createClassroom({ database: db.database, plugins: [plugin] }));
});
afterAll(async () => {
  await close?.();
  await db?.drop();
});

interface Manifest {
  features: {
    slash_commands: { command: string; description: string; usage_hint?: string; should_escape: boolean }[];
    shortcuts: { callback_id: string; type: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
}

describe('slack/manifest.json', () => {
  it('is what the command definitions generate today (run `npm run slack:manifest` after changing a command)', async () => {
    const committed = JSON.parse(await readFile(MANIFEST_PATH, 'utf8')) as unknown;
    expect(committed).toEqual(buildManifest(dispatcher.commands));
  });

  it('declares every command the dispatcher serves, except photo-only ones the shortcut stands in for', async () => {
    const manifest = JSON.parse(await readFile(MANIFEST_PATH, 'utf8')) as Manifest;
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(
      dispatcher.commands
        .filter(typeable)
        .map((c) => `/${c.name}`)
        .sort(),
    );
    expect(dispatcher.commands.filter((c) => !typeable(c)).map((c) => c.name)).toEqual(['predict']);
    for (const command of manifest.features.slash_commands) {
      expect(command.command.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(2000);
      expect(command.should_escape).toBe(true); // mentions arrive as <@U…|name>
    }
    expect(manifest.features.slash_commands.find((c) => c.command === '/model')?.usage_hint).toBe('train | status | activate <version> | corrections');
  });

  it('asks for the scopes and events the listeners use, with interactivity and the message shortcut', async () => {
    const manifest = JSON.parse(await readFile(MANIFEST_PATH, 'utf8')) as Manifest;
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'im:write',
        'files:read',
        'files:write',
        'users:read',
        'channels:history',
        'groups:history',
        'im:history',
      ]),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['message.channels', 'message.groups', 'message.im']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ callback_id: CLASSIFY_SHORTCUT_ID, type: 'message' })]);
  });
});
