// Every command × every role × every platform: each registered command (the core's and the
// classifier plugin's, and any added to commands/index.ts later) runs once as a student and once
// as an instructor on the console, on Discord (discord.js against the double) and on Slack (Bolt,
// signed requests), and answers or refuses, never with the generic "Something went wrong".
// Arguments come from the definition: required options only, an option's first choice, 7 for a
// number (the lesson shipped), the caller for a member, no file; a command with subcommands runs
// its last one (/model's last is activate: training would take minutes).
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../commands/index.ts';
import { classifierCommands, classifierPlugin } from '../../src/app/classifier-plugin.ts';
import { createClassroom } from '../../src/app/classroom.ts';
import type { Command, CommandOption } from '../../src/app/command.ts';
import { createClassifier } from '../../src/classifier/service/create.ts';
import { readClassifierSettings } from '../../src/classifier/service/settings.ts';
import type { ClassifierService } from '../../src/classifier/service/types.ts';
import type { Role } from '../../src/core/context.ts';
import { ConsoleSession } from '../../src/platforms/console/session.ts';
import { typeable } from '../../src/platforms/slack/manifest.ts';
import { openClassroom, textOf as discordText, type Classroom } from '../discord/harness.ts';
import { alice, SlackHarness, teacher } from '../slack/harness.ts';
import { textOf as slackText } from '../support/slack-double/blocks-read.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { Permission, STUDENT_PERMISSIONS, type Person } from '../support/discord-double/index.ts';

const COMMANDS: readonly Command[] = [...coreCommands, ...classifierCommands];
const ROLES: Role[] = ['student', 'instructor'];
const CASES = COMMANDS.flatMap((command) => ROLES.map((role) => ({ label: `/${command.name} as a ${role}`, role, command })));
/** One test per case, named "/quiz as a student". */
const eachCase = (cases: typeof CASES, run: (c: (typeof CASES)[number]) => Promise<void>) => {
  for (const c of cases) it(c.label, () => run(c));
};
const GENERIC = /Something went wrong|문제가 생겨 요청을 처리하지 못했/;

/** What a call passes: a subcommand, and each required option but files, as a value or "the caller". */
function callOf(command: Command): { sub?: string; options: { option: CommandOption; value: string | number | 'caller' }[] } {
  const sub = command.subcommands?.at(-1);
  const options = (sub?.options ?? command.options ?? []).filter((o) => o.required && o.type !== 'attachment');
  return {
    ...(sub ? { sub: sub.name } : {}),
    options: options.map((option) => ({
      option,
      value: option.type === 'user' ? 'caller' : (option.choices?.[0]?.value ?? (option.type === 'integer' ? Math.max(option.minValue ?? 1, 7) : 'hello')),
    })),
  };
}

/** Typed form (console, Slack): `sub value value`, the caller written the platform's way. */
function typed(command: Command, caller: string): string {
  const { sub, options } = callOf(command);
  return [...(sub ? [sub] : []), ...options.map(({ value }) => (value === 'caller' ? caller : String(value)))].join(' ');
}

let classifierDb: TestDatabase;
let classifier: ClassifierService;

beforeAll(async () => {
  // One classifier for the three platforms, started only if a command needs it (/model).
  classifierDb = await createTestDatabase();
  classifier = createClassifier({ ...readClassifierSettings(), stores: classifierDb.database.classifierStores, log: () => {} });
});

afterAll(async () => {
  await classifier?.close();
  await classifierDb?.drop();
});

const plugins = async (db: TestDatabase) => [await classifierPlugin({ database: db.database, classifier })];

it('covers every command the classroom registers', async () => {
  const db = await createTestDatabase();
  try {
    const { dispatcher } = await createClassroom({ database: db.database, plugins: await plugins(db) });
    expect(dispatcher.commands.map((c) => c.name).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  } finally {
    await db.drop();
  }
});

describe('on the console', () => {
  let db: TestDatabase;
  const logs: string[] = [];
  const sessions = new Map<Role, { session: ConsoleSession; lines: string[] }>();
  beforeAll(async () => {
    db = await createTestDatabase();
    const { dispatcher } = await createClassroom({ database: db.database, plugins: await plugins(db), log: (m, e) => logs.push(`${m}: ${String(e)}`) });
    for (const role of ROLES) {
      const lines: string[] = [];
      const session = new ConsoleSession(dispatcher, {
        user: { name: `console-${role}`, role },
        locale: 'en',
        outDir: tmpdir(),
        write: (line) => lines.push(line),
      });
      sessions.set(role, { session, lines });
    }
  });
  afterAll(async () => {
    expect(logs, 'unexpected errors').toEqual([]);
    await db?.drop();
  });

  eachCase(CASES, async ({ command, role }) => {
    const { session, lines } = sessions.get(role)!;
    lines.length = 0;
    await session.handle(`/${command.name} ${typed(command, `console-${role}`)}`);
    expect(lines.join('\n')).not.toBe('');
    expect(lines.join('\n')).not.toMatch(GENERIC);
  });
});

describe('on Discord', () => {
  let room: Classroom;
  const people = new Map<Role, Person>();
  beforeAll(async () => {
    room = await openClassroom({ plugins });
    people.set('student', room.student('discord-student'));
    people.set('instructor', room.student('discord-teacher', { permissions: (BigInt(STUDENT_PERMISSIONS) | Permission.ManageGuild).toString() }));
  });
  afterAll(async () => {
    expect(
      room.logs.filter((line) => /command failed/.test(line)),
      'unexpected errors',
    ).toEqual([]);
    await room?.close();
  });

  eachCase(CASES, async ({ command, role }) => {
    const person = people.get(role)!;
    const { sub, options } = callOf(command);
    const args = Object.fromEntries(options.map(({ option, value }) => [option.name, value === 'caller' ? { user: person } : value]));
    const answer = await room.discord.answered(
      room.discord.slash(person, { guild: room.guild, channel: room.channel }, command.name, { ...(sub ? { subcommand: sub } : {}), ...args }),
    );
    expect(discordText(answer)).not.toMatch(GENERIC);
    expect(discordText(answer).trim() !== '' || answer.attachments.length > 0).toBe(true);
  });
});

describe('on Slack', () => {
  let h: SlackHarness;
  const actors = { student: alice, instructor: teacher };
  beforeAll(async () => {
    h = await SlackHarness.start({ plugins });
  });
  afterAll(async () => {
    expect(
      h.logs.filter((line) => /command failed/.test(line)),
      'unexpected errors',
    ).toEqual([]);
    await h?.close();
  });

  // A command whose every option is a file can't be typed in Slack (the manifest leaves it out);
  // its message shortcut stands in for it (test/slack/shortcuts).
  eachCase(
    CASES.filter(({ command }) => typeable(command)),
    async ({ command, role }) => {
      const actor = actors[role];
      const before = h.double.messages.length;
      const delivery = await h.command(actor, `/${command.name} ${typed(command, `<@${actor.userId}|${actor.userName}>`)}`);
      expect(delivery.status).toBe(200);
      await h.double.waitFor(() => h.double.messages.length > before, undefined, `an answer to /${command.name}`);
      const answers = h.double.messages.slice(before);
      for (const message of answers) expect(`${message.text ?? ''} ${slackText(message.blocks)}`).not.toMatch(GENERIC);
    },
  );
});
