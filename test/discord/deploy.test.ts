// `npm run discord:deploy` against the double: the payload passes Discord's OpenAPI description,
// carries Korean and English descriptions, hides instructor commands behind Manage Server, and
// registers the "Classify food photo" message menu. Per guild with DISCORD_GUILD_ID, else global.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../commands/index.ts';
import { classifierCommands } from '../../src/app/classifier-plugin.ts';
import { deployCommands } from '../../src/platforms/discord/deploy.ts';
import { TestDiscord } from '../support/discord-double/index.ts';

const run = promisify(execFile);
let discord: TestDiscord;

beforeAll(async () => {
  discord = await TestDiscord.start();
});

afterAll(async () => {
  await discord.stop();
  expect(discord.problems).toEqual([]);
});

type Registered = Record<string, unknown> & { name: string; type: number };

describe('discord:deploy', () => {
  it('registers every command in one guild, localized, instructor commands hidden from students', async () => {
    const guild = discord.addGuild('Deploy test');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/discord-deploy.ts'], {
      env: {
        ...process.env,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_GUILD_ID: guild.id,
        DISCORD_API_URL: discord.apiUrl,
      },
    });
    expect(stdout).toContain(`in guild ${guild.id}`);
    expect(stdout).not.toContain(discord.token);
    const registered = discord.registered.get(guild.id) as Registered[];
    const names = registered.map((c) => c.name);
    for (const command of [...coreCommands, ...classifierCommands]) expect(names).toContain(command.name);
    const lesson = registered.find((c) => c.name === 'lesson')!;
    expect(lesson.description_localizations).toMatchObject({ ko: expect.stringMatching(/[가-힣]/), 'en-US': expect.any(String) });
    expect(lesson.name_localizations).toEqual({ ko: '수업' });
    expect((lesson.options as Registered[])[0]).toMatchObject({ name: 'number', name_localizations: { ko: '번호' } });
    // Every command has a Korean name, and no two share one (Discord refuses duplicates per language).
    const korean = registered.filter((c) => c.type === 1).map((c) => (c.name_localizations as { ko?: string } | undefined)?.ko);
    expect(korean.every(Boolean)).toBe(true);
    expect(new Set(korean).size).toBe(korean.length);
    expect(lesson.default_member_permissions).toBeNull();
    const report = registered.find((c) => c.name === 'report')!;
    expect(report.default_member_permissions).toBe('32');
    const menu = registered.find((c) => c.type === 3)!;
    expect(menu.name).toBe('Classify food photo');
    expect(menu.name_localizations).toEqual({ ko: expect.stringMatching(/[가-힣]/) });
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const result = await deployCommands({ token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl, commands: coreCommands });
    expect(result.length).toBe(coreCommands.length);
    expect(discord.calls.at(-1)?.route).toBe('/applications/{application_id}/commands');
  });

  it('refuses to run without a token, saying what to set', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/discord-deploy.ts'], {
      env: { ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' },
    }).catch((e: { stderr: string; code: number }) => e);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain('DISCORD_TOKEN');
  });
});
