// The class under load behind Slack's boundary: the real Bolt app fed signed requests, its Web API
// pointed at the Slack double, a fresh Postgres database, and the classifier the app itself builds
// (classifierPlugin, as src/main.ts does: the shipped head, the in-process service and its queue).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { classifierPlugin, type ClassifierPlugin } from '../../../src/classifier/plugin.ts';
import { projectRoot } from '../../../src/classifier/pipeline/index.ts';
import { textOf } from '../../../test/support/slack-double/blocks-read.ts';
import type { Actor } from '../../../test/support/slack-double/signer.ts';
import { CHANNEL, SlackHarness, teacher, TEAM } from '../../../test/slack/harness.ts';

/** Photos no training reads: the test split, one folder per class. */
export const PHOTO_DIR = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7', 'test');
export const PHOTO_CHANNEL = CHANNEL;

export interface SlackClass {
  harness: SlackHarness;
  students: Actor[];
  /** The database's name on the server, to count its sessions. */
  databaseName: string;
  /** The bot's log lines so far, the classifier's included. */
  logs(): string[];
  close(): Promise<void>;
}

export function studentId(i: number): string {
  return `U0S${String(i).padStart(4, '0')}`;
}

export async function startSlackClass(studentCount: number): Promise<SlackClass> {
  let plugin: ClassifierPlugin | undefined;
  const classifierLogs: string[] = [];
  const log = (line: string) => void classifierLogs.push(line);
  const harness = await SlackHarness.start({
    plugins: async (db) => [(plugin ??= await classifierPlugin({ database: db.database, log }))],
    onClose: async () => plugin?.close(),
  });
  const students = Array.from({ length: studentCount }, (_, i): Actor => {
    const id = studentId(i);
    harness.double.addUser({ id, name: `student${i}`, real_name: `Student ${i}`, locale: 'en-US' });
    return { teamId: TEAM, userId: id, userName: `student${i}` };
  });
  await harness.command(teacher, '/foodvision photo-channel on', PHOTO_CHANNEL);
  await harness.waitForMessage(teacher, PHOTO_CHANNEL, (m) => /threaded reply/.test(textOf(m.blocks)), 'the photo channel turned on');
  return {
    harness,
    students,
    databaseName: new URL(harness.db.url).pathname.slice(1),
    logs: () => [...harness.logs, ...classifierLogs],
    close: () => harness.close(),
  };
}

/** `count` distinct photos, taken in turn from each class folder so every class is in the burst. */
export async function distinctPhotos(count: number, dir = PHOTO_DIR): Promise<{ name: string; bytes: Uint8Array }[]> {
  const classes = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const files = await Promise.all(classes.map(async (c) => (await readdir(path.join(dir, c))).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f) => path.join(dir, c, f))));
  const picked: string[] = [];
  for (let round = 0; picked.length < count; round++) {
    const before = picked.length;
    for (const list of files) if (list[round] && picked.length < count) picked.push(list[round]!);
    if (picked.length === before) throw new Error(`${dir} holds only ${picked.length} photos, fewer than the ${count} asked for`);
  }
  return Promise.all(picked.map(async (file) => ({ name: path.basename(file), bytes: new Uint8Array(await readFile(file)) })));
}
