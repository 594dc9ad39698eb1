// Photos posted at once in a Discord photo channel (real discord.js against the Discord double,
// the real classifier on MobileNet, TF.js and sharp, real Postgres), one at a time through the
// class's photo queue: a photo that has to wait gets a "you're #k" reply at once, and that reply is
// edited into its prediction, so every photo ends with exactly one answer.
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifierPlugin } from '../../src/app/classifier-plugin.ts';
import { startInProcessClassifier } from '../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../src/classifier/service/in-process.ts';
import { PhotoQueue } from '../../src/classifier/service/photo-queue.ts';
import { Permission, STUDENT_PERMISSIONS, type StoredMessage } from '../support/discord-double/index.ts';
import { DATASET, tinyTraining, trainDefaultHead } from '../classifier/service/support.ts';
import { openClassroom, textOf, type Classroom } from './harness.ts';

const TEST_SPLIT = path.join(DATASET, 'test');

let room: Classroom;
let classifier: InProcessClassifier;

beforeAll(async () => {
  room = await openClassroom({
    messageContent: true,
    onClose: async () => classifier?.close(),
    plugins: async (db) => {
      classifier = await startInProcessClassifier(tinyTraining(db.prisma, 1));
      // One photo at a time, a second each as far as the queue knows, and a notice for any wait of a
      // second or more: every photo that waits at all is told its place, on any machine.
      const photoQueue = new PhotoQueue({
        concurrency: 1,
        maxQueued: 64,
        maxPerMember: 10,
        noticeAfterMs: 1_000,
        estimate: { averageMs: () => 1_000, record: () => undefined },
      });
      return [await classifierPlugin({ database: db.database, classifier, photoQueue })];
    },
  });
  // Any active head will do: this test is about who waits, not about what the photo shows.
  await trainDefaultHead(classifier, room.db.prisma);
});

afterAll(async () => {
  await (room ? room.close() : classifier?.close());
});

/** Distinct photos (real backbone work each), from files the other Discord photo tests don't use. */
async function distinctPhotos(count: number): Promise<Uint8Array[]> {
  const classes = (await readdir(TEST_SPLIT)).sort();
  const photos: Uint8Array[] = [];
  for (let n = 0; n < count; n += 1) {
    const dir = path.join(TEST_SPLIT, classes[n % classes.length]!);
    photos.push(new Uint8Array(await readFile(path.join(dir, (await readdir(dir)).sort()[20 + Math.floor(n / classes.length)]!))));
  }
  return photos;
}

// The double's members read Korean (their client's locale) unless they chose otherwise.
const isPrediction = (m: StoredMessage) => /\d+%/.test(textOf(m)) && /Model v\d|모델 v\d/.test(textOf(m));
const repliesTo = (channelId: string, id: string) =>
  room.discord.messagesIn(channelId).filter((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id === id);

describe('a photo channel when the class posts at once', () => {
  it('answers every photo once; the ones that waited were told their place in a reply edited into the answer', async () => {
    const teacher = room.student('queue-teacher', { permissions: (BigInt(STUDENT_PERMISSIONS) | Permission.ManageGuild).toString() });
    const students = ['queue-a', 'queue-b', 'queue-c'].map((name) => room.student(name));
    const channel = room.discord.addChannel(room.guild, 'rush-photos');
    await room.discord.answered(room.discord.slash(teacher, { guild: room.guild, channel }, 'foodvision', { subcommand: 'photo-channel', mode: 'on' }));

    const photos = await distinctPhotos(7);
    const posted = photos
      .slice(0, 6)
      .map((data, n) => room.discord.post(students[n % 3]!, room.guild, channel, 'lunch!', [{ filename: `rush-${n}.jpg`, contentType: 'image/jpeg', data }]));
    // Meanwhile a fourth photo path, /predict, joins the same line.
    const slash = room.discord.slash(students[0]!, { guild: room.guild, channel: room.channel }, 'predict', {
      photo: { upload: { filename: 'rush-slash.jpg', contentType: 'image/jpeg', data: photos[6]! } },
    });

    await room.discord.waitFor(() => posted.every((p) => repliesTo(channel.id, p.id).some(isPrediction)), 'a prediction replying to every photo', 120_000);
    expect(isPrediction(await room.discord.answered(slash, isPrediction, 120_000))).toBe(true);
    const answers = posted.map((p) => repliesTo(channel.id, p.id));
    for (const replies of answers) expect(replies.map(isPrediction)).toEqual([true]);
    // Some photos waited (one at a time, seven at once): their notice was edited into their answer.
    expect(answers.some(([answer]) => answer!.editCount > 0)).toBe(true);
    const everything = [...room.discord.messagesIn(channel.id), ...room.discord.messagesIn(room.channel.id)].map(textOf).join('\n');
    expect(everything).not.toMatch(/in line; the answer should come|번째이고/);
    expect(everything).not.toMatch(/Something went wrong|문제가 생겨/);
    expect(room.logs.filter((line) => /failed/.test(line))).toEqual([]);
  }, 180_000);
});
