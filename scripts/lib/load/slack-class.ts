// The class under load behind Slack's boundary: the real Bolt app fed signed requests, its Web API
// pointed at the Slack double, a fresh Postgres database, and the classifier the app itself builds
// (classifierPlugin, as src/main.ts does: the shipped head, the in-process service and its queue).
// By default the bot is the real program (src/main.ts) in a process of its own, so the driver's
// work and memory aren't the bot's; with --in-process it is the test harness's app in this one.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { classifierPlugin, type ClassifierPlugin } from '../../../src/app/classifier-plugin.ts';
import { projectRoot } from '../../../src/classifier/pipeline/index.ts';
import { loadLessons } from '../../../src/core/lessons/content.ts';
import { openDatabase } from '../../../src/db/client.ts';
import type { PrismaClient } from '../../../src/generated/prisma/client.ts';
import { createBlankDatabase } from '../../../test/support/database.ts';
import { startMain } from '../../../test/support/run-main.ts';
import { textOf } from '../../../test/support/slack-double/blocks-read.ts';
import type { Actor } from '../../../test/support/slack-double/signer.ts';
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET, SlackHarness, SlackRequests, startWorkspace, teacher, TEAM } from '../../../test/slack/harness.ts';
import type { SlackDouble } from '../../../test/support/slack-double/server.ts';

/** Photos no training reads: the test split, one folder per class. */
export const PHOTO_DIR = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7', 'test');
export const PHOTO_CHANNEL = CHANNEL;

export interface SlackClass {
  requests: SlackRequests;
  students: Actor[];
  /** The database's name on the server, to count its sessions. */
  databaseName: string;
  /** Lesson 7's question ids (the bank), in order. */
  quizIds: string[];
  /** How many of them one attempt asks. */
  questionsPerAttempt: number;
  /** The bot's log lines so far, one entry per logged message. */
  logs(): string[];
  /** The bot's peak resident memory so far (read it before finish()). */
  peakRssMb(): number;
  /** Stops the bot, lets `read` look at the database, then drops it. */
  finish<T>(read: (prisma: PrismaClient) => Promise<T>): Promise<T>;
}

export function studentId(i: number): string {
  return `U0S${String(i).padStart(4, '0')}`;
}

function addStudents(double: SlackDouble, count: number): Actor[] {
  return Array.from({ length: count }, (_, i): Actor => {
    const id = studentId(i);
    double.addUser({ id, name: `student${i}`, real_name: `Student ${i}`, locale: 'en-US' });
    return { teamId: TEAM, userId: id, userName: `student${i}` };
  });
}

async function turnOnPhotoChannel(requests: SlackRequests): Promise<void> {
  const from = requests.double.calls.length;
  await requests.command(teacher, '/foodvision photo-channel on', PHOTO_CHANNEL);
  await requests.double.waitFor(
    (c) => requests.double.calls.indexOf(c) >= from && /threaded reply/.test(textOf(c.args.blocks)),
    60_000,
    'the photo channel turned on',
  );
}

export async function startSlackClass(studentCount: number, botProcess: boolean): Promise<SlackClass> {
  return botProcess ? startInOwnProcess(studentCount) : startInThisProcess(studentCount);
}

async function startInThisProcess(studentCount: number): Promise<SlackClass> {
  let plugin: ClassifierPlugin | undefined;
  const classifierLogs: string[] = [];
  const harness = await SlackHarness.start({
    // biome-ignore lint/suspicious/noAssignInExpressions: one classifier plugin for every simulated process, made on first use.
    plugins: async (db) => [(plugin ??= await classifierPlugin({ database: db.database, log: (line) => void classifierLogs.push(line) }))],
    onClose: async () => plugin?.close(),
  });
  const students = addStudents(harness.double, studentCount);
  await turnOnPhotoChannel(harness);
  return {
    requests: harness,
    students,
    databaseName: new URL(harness.db.url).pathname.slice(1),
    quizIds: harness.dispatcher.services.catalog.get(7)?.quiz.map((q) => q.id) ?? [],
    questionsPerAttempt: harness.dispatcher.services.catalog.get(7)?.quizDraw ?? 0,
    logs: () => [...harness.logs, ...classifierLogs],
    peakRssMb: () => process.resourceUsage().maxRSS / 1024,
    async finish(read) {
      try {
        await harness.slack.stop();
        return await read(harness.db.prisma);
      } finally {
        await harness.close();
      }
    },
  };
}

async function startInOwnProcess(studentCount: number): Promise<SlackClass> {
  const blank = await createBlankDatabase();
  const double = await startWorkspace();
  const bot = startMain({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: double.apiUrl, PORT: '0', DATABASE_URL: blank.url });
  const stopAll = async () => {
    await bot.stop();
    await double.stop();
    await blank.drop();
  };
  try {
    const [, port] = await bot.waitForLog(/slack: listening on port (\d+)/, 180_000);
    const requests = SlackRequests.to(double, `http://127.0.0.1:${port}/slack/events`);
    const students = addStudents(double, studentCount);
    await turnOnPhotoChannel(requests);
    const lesson = (await loadLessons()).get(7);
    const quizIds = lesson?.quiz.map((q) => q.id) ?? [];
    return {
      requests,
      students,
      databaseName: blank.name,
      quizIds,
      questionsPerAttempt: lesson?.quizDraw ?? quizIds.length,
      logs: () => bot.stderr().split(/\n(?=\[foodvision\])/),
      peakRssMb: () => peakRssOf(bot.pid),
      async finish(read) {
        try {
          await bot.stop();
          const database = await openDatabase({ url: blank.url });
          try {
            return await read(database.prisma);
          } finally {
            await database.close();
          }
        } finally {
          await stopAll();
        }
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** VmHWM: the most memory the process has held, from Linux's /proc (NaN elsewhere). */
function peakRssOf(pid: number): number {
  try {
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** `count` distinct photos, taken in turn from each class folder so every class is in the burst. */
export async function distinctPhotos(count: number, dir = PHOTO_DIR): Promise<{ name: string; bytes: Uint8Array }[]> {
  const classes = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files = await Promise.all(
    classes.map(async (c) =>
      (await readdir(path.join(dir, c)))
        .filter((f) => /\.jpe?g$/i.test(f))
        .sort()
        .map((f) => path.join(dir, c, f)),
    ),
  );
  const picked: string[] = [];
  for (let round = 0; picked.length < count; round++) {
    const before = picked.length;
    for (const list of files) if (list[round] && picked.length < count) picked.push(list[round]!);
    if (picked.length === before) throw new Error(`${dir} holds only ${picked.length} photos, fewer than the ${count} asked for`);
  }
  return Promise.all(picked.map(async (file) => ({ name: path.basename(file), bytes: new Uint8Array(await readFile(file)) })));
}
