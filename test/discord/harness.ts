// One classroom on the Discord double for a test file: a fresh Postgres database, the real
// dispatcher with the core commands (and any plugins), the real discord.js client connected to
// the double. `close()` also fails the test if the double saw a body real Discord would refuse.
import { expect } from 'vitest';
import { createClassroom, type ClassroomPlugin } from '../../src/app/classroom.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import { startDiscord, type DiscordBot } from '../../src/platforms/discord/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { TestDiscord, type DoubleChannel, type DoubleGuild, type Person } from '../support/discord-double/index.ts';

export interface Classroom {
  discord: TestDiscord;
  bot: DiscordBot;
  dispatcher: Dispatcher;
  db: TestDatabase;
  guild: DoubleGuild;
  channel: DoubleChannel;
  /** What the adapter logged; an unexpected error shows up here. */
  logs: string[];
  student(name: string, options?: Parameters<TestDiscord['addPerson']>[1]): Person;
  close(): Promise<void>;
}

export async function openClassroom(
  options: {
    plugins?: (db: TestDatabase) => Promise<ClassroomPlugin[]>;
    messageContent?: boolean;
    /** Ask for the Server Members intent (/roster sync). */
    guildMembers?: boolean;
    /** Runs once the bot has stopped and before the database is dropped (e.g. closing a classifier). */
    onClose?: () => Promise<void>;
  } = {},
): Promise<Classroom> {
  const discord = await TestDiscord.start();
  const db = await createTestDatabase();
  const logs: string[] = [];
  const { dispatcher } = await createClassroom({
    database: db.database,
    ...(options.plugins ? { plugins: await options.plugins(db) } : {}),
    log: (message, error) => logs.push(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  // The first query pays for Prisma's start-up (about 2 s here); the app does this at boot, so the
  // tests do it before any interaction's 3-second clock starts.
  await dispatcher.runCommand(
    { classroom: { platform: 'console', externalId: 'warm-up' }, caller: { platformUserId: 'warm-up', displayName: 'warm-up', platformRole: 'student' } },
    'help',
    {},
  );
  const guild = discord.addGuild('Lesson 7 class');
  const channel = guild.channels[0]!;
  const bot = await startDiscord({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    dispatcher,
    ...(options.messageContent ? { messageContent: true } : {}),
    ...(options.guildMembers ? { guildMembers: true } : {}),
    log: (line) => logs.push(line),
  });
  return {
    discord,
    bot,
    dispatcher,
    db,
    guild,
    channel,
    logs,
    student: (name, personOptions = {}) => discord.addPerson(name, { guilds: [guild], ...personOptions }),
    async close() {
      await bot.stop();
      await options.onClose?.();
      await discord.stop();
      await db.drop();
      expect(discord.problems, 'bodies real Discord would refuse').toEqual([]);
    },
  };
}

/** Everything a message shows as text: content, embed titles, descriptions and fields. */
export function textOf(message: { content: string; embeds: Record<string, unknown>[] }): string {
  const parts = [message.content];
  for (const embed of message.embeds) {
    parts.push(String(embed.title ?? ''), String(embed.description ?? ''));
    for (const field of (embed.fields as { name: string; value: string }[] | undefined) ?? []) parts.push(field.name, field.value);
  }
  return parts.filter(Boolean).join('\n');
}

/** Custom ids and labels of every button on a message, row by row. */
export function buttonsOf(message: { components: Record<string, unknown>[] }): { id: string; label: string; disabled: boolean; style: number }[] {
  return message.components.flatMap((row) =>
    ((row.components as Record<string, unknown>[] | undefined) ?? [])
      .filter((c) => c.type === 2)
      .map((c) => ({ id: String(c.custom_id), label: String(c.label ?? ''), disabled: Boolean(c.disabled), style: Number(c.style) })),
  );
}
