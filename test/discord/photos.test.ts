// Food photos on Discord with the real classifier (MobileNet on TF.js, sharp, Postgres) trained
// here on a few photos a class: an instructor's /model train with its progress edits, then a
// photo through /predict, the "Classify food photo" menu and a photo channel, and the bad files.
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifierPlugin } from '../../src/app/classifier-plugin.ts';
import { DEFAULT_BACKBONE, projectRoot } from '../../src/classifier/pipeline/index.ts';
import { startInProcessClassifier } from '../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../src/classifier/service/in-process.ts';
import { EPHEMERAL, Permission, STUDENT_PERMISSIONS, type Person, type StoredMessage } from '../support/discord-double/index.ts';
import { buttonsOf, openClassroom, textOf, type Classroom } from './harness.ts';
import { classifierRepositories } from '../../src/db/classifier/index.ts';
import { trainDefaultHead } from '../classifier/service/support.ts';

const DATASET = path.join(projectRoot, '..', 'shared', 'datasets', 'foodvision7');

let room: Classroom;
let classifier: InProcessClassifier;
let teacher: Person;
let nari: Person;
let bibimbap: Uint8Array;

async function testPhoto(label: string): Promise<Uint8Array> {
  const dir = path.join(DATASET, 'test', label);
  return new Uint8Array(await readFile(path.join(dir, (await readdir(dir)).sort()[0]!)));
}

const jpeg = (data: Uint8Array, filename = 'lunch.jpg') => ({ upload: { filename, contentType: 'image/jpeg', data } });

beforeAll(async () => {
  room = await openClassroom({
    messageContent: true,
    onClose: async () => classifier?.close(),
    plugins: async (db) => {
      classifier = await startInProcessClassifier({
        stores: classifierRepositories(db.prisma),
        backbone: DEFAULT_BACKBONE,
        threshold: 0.5,
        trainingData: { dir: path.join(DATASET, 'train'), perClass: 3 },
        training: { epochs: 40 },
        // No shipped head: the model these tests use is the one /model train makes here.
        defaultHeadFile: null,
      });
      return [await classifierPlugin({ database: db.database, classifier })];
    },
  });
  teacher = room.student('teacher', { permissions: (BigInt(STUDENT_PERMISSIONS) | Permission.ManageGuild).toString() });
  nari = room.student('nari');
  bibimbap = await testPhoto('bibimbap');
});

afterAll(async () => {
  await (room ? room.close() : classifier?.close());
});

const here = () => ({ guild: room.guild, channel: room.channel });

/**
 * A model to classify with, whichever test runs first: the one /model train made already, or a head
 * trained here the same way (the registry starts empty).
 */
async function ensureModel(): Promise<void> {
  if (!(await classifier.listModels({ name: 'test' })).some((m) => m.active)) await trainDefaultHead(classifier, room.db.prisma);
}

/** The prediction a reply shows must be the one the classifier stored: same top class, bars, 3 lines. */
async function expectPrediction(message: StoredMessage) {
  const text = textOf(message);
  const bars = text.split('\n').filter((line) => /`[█░]{10}`\s+\d+%\s+\S/.test(line));
  expect(bars, text).toHaveLength(3);
  const stored = await room.db.prisma.prediction.findFirstOrThrow({ orderBy: { id: 'desc' } });
  const top = (stored.topClasses as { label: string; probability: number }[])[0]!;
  const name = top.label.replace(/_/g, ' ');
  expect(bars[0]!.toLowerCase()).toContain(name);
  expect(bars[0]).toContain(`${Math.round(top.probability * 100)}%`);
  expect(text).toMatch(stored.notSure ? /not sure/i : new RegExp(`looks like \\*\\*${name}`, 'i'));
  expect(buttonsOf(message).map((b) => b.label)).toEqual(['What does the backbone see?', '🔥 Where it looked', 'Wrong? Tell me the right class']);
  return stored;
}

describe('/model train', () => {
  it('is deferred at once, edits its progress per epoch, and ends with the metrics and the confusion-matrix PNG', async () => {
    const train = room.discord.slash(teacher, here(), 'model', { subcommand: 'train' });
    // While the head trains in this process, the class goes on: a student's command still gets its
    // first response within Discord's 3 seconds.
    await room.discord.waitFor(
      () => room.discord.calls.some((c) => c.method === 'PATCH' && c.path.includes(encodeURIComponent(train.token))),
      'a progress edit',
      30_000,
    );
    const meanwhile = room.discord.slash(nari, here(), 'help');
    await room.discord.answered(meanwhile, () => true, 30_000);
    // In time: the double refuses a first response after Discord's 3 s (CALLBACK_WINDOW_MS).
    expect(meanwhile.callbacks).toHaveLength(1);
    // Progress goes to the instructor's private placeholder; the result is for the class, so it
    // replaces the placeholder with a public follow-up.
    const done = await room.discord.followUp(train, (m) => /trained and now active/.test(textOf(m)), 60_000);
    // Deferred, and in time: Discord's 3 s to the first response is the double's to enforce (it
    // refuses a late callback), the same bound as the student's command above.
    expect(train.callbacks).toEqual([5]);
    expect(room.discord.problems.filter((p) => p.includes(train.id) || p.includes(meanwhile.id))).toEqual([]);
    expect(done.flags & EPHEMERAL).toBe(0);
    const placeholder = room.discord.original(train);
    expect(placeholder?.flags && placeholder.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(placeholder?.deleted).toBe(true);
    const edits = room.discord.calls.filter((c) => c.method === 'PATCH' && c.path.includes(encodeURIComponent(train.token)));
    const progress = edits.filter((c) => /Epoch \d+\/\d+/.test(JSON.stringify(c.body)));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    // Every edit came before the placeholder was removed: the result is the follow-up, not an edit.
    const removed = room.discord.calls.find((c) => c.method === 'DELETE' && c.path.includes(encodeURIComponent(train.token)))!;
    expect(edits.every((c) => c.at <= removed.at)).toBe(true);
    const png = done.attachments.find((a) => a.filename.endsWith('.png'))!;
    expect(Buffer.from(png.data.subarray(1, 4)).toString()).toBe('PNG');
    expect(done.embeds[0]!.image).toEqual({ url: `attachment://${png.filename}` });
  });
});

describe('a photo through /predict', () => {
  beforeEach(ensureModel);

  it('answers with the top classes and bars, then what the backbone sees, where it looked, then takes a correction', async () => {
    const ask = room.discord.slash(nari, here(), 'predict', { photo: jpeg(bibimbap) });
    const answer = await room.discord.answered(ask, () => true, 30_000);
    expect(ask.callbacks).toEqual([5]);
    expect(answer.flags & EPHEMERAL).toBe(0);
    const stored = await expectPrediction(answer);

    const explain = room.discord.click(nari, answer, buttonsOf(answer)[0]!.id);
    const seen = await room.discord.followUp(explain, () => true, 30_000);
    expect(seen.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(seen)).toContain('[1,224,224,3]');
    expect(textOf(seen)).toContain('[1,768]');

    // The class activation map comes back privately as a PNG the embed shows.
    const where = room.discord.click(nari, answer, buttonsOf(answer)[1]!.id);
    const map = await room.discord.followUp(where, () => true, 30_000);
    expect(map.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(map)).toMatch(/Where it saw/);
    const png = map.attachments.find((a) => a.filename.endsWith('.png'))!;
    expect(Buffer.from(png.data.subarray(1, 4)).toString()).toBe('PNG');
    expect(map.embeds[0]!.image).toEqual({ url: `attachment://${png.filename}` });

    const wrong = room.discord.click(nari, answer, buttonsOf(answer)[2]!.id);
    const menu = await room.discord.followUp(wrong);
    const select = (menu.components[0]!.components as { custom_id: string; options: { value: string }[] }[])[0]!;
    expect(select.options.map((o) => o.value)).toContain('bibimbap');
    const pick = room.discord.select(nari, menu, select.custom_id, ['bibimbap']);
    const thanks = await room.discord.waitFor(
      () =>
        room.discord.followUps(pick)[0] ??
        (pick.callbacks[0] === 6 && room.discord.messages.get(menu.id)!.editCount > 0 ? room.discord.messages.get(menu.id) : undefined),
      'thanks',
    );
    expect(textOf(thanks)).toMatch(/Bibimbap/);
    // Reviewed corrections: the student hears it waits for an instructor, and it is stored as pending.
    expect(textOf(thanks)).toMatch(/Once an instructor approves it/);
    expect(await room.db.prisma.labelledExample.count({ where: { imageSha256: stored.imageSha256, label: 'bibimbap', review: 'pending' } })).toBe(1);
  });

  it.each([
    ['a non-image attachment', { filename: 'notes.txt', contentType: 'text/plain', data: new TextEncoder().encode('not a photo') }, /not a photo/, false],
    [
      'a 30 MB attachment (refused on its declared size)',
      { filename: 'huge.jpg', contentType: 'image/jpeg', data: new Uint8Array(16), declaredSize: 30 * 1024 * 1024 },
      /too large/,
      false,
    ],
    [
      'a corrupt image',
      { filename: 'broken.jpg', contentType: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]) },
      /photo|image|read/i,
      true,
    ],
  ])('refuses %s with a clear, private message', async (_what, upload, message, downloaded) => {
    const hitsBefore = room.discord.cdnHits.length;
    const predictionsBefore = await room.db.prisma.prediction.count();
    const ask = room.discord.slash(nari, here(), 'predict', { photo: { upload } });
    const answer = await room.discord.waitFor(
      () => [room.discord.original(ask), ...room.discord.followUps(ask)].find((m) => m && (m.flags & 128) === 0 && textOf(m).length > 0),
      'the refusal',
    );
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(answer)).toMatch(message);
    expect(textOf(answer)).not.toMatch(/went wrong/);
    expect(room.discord.cdnHits.length > hitsBefore).toBe(downloaded);
    expect(await room.db.prisma.prediction.count()).toBe(predictionsBefore);
  });

  it('tells the member when the photo URL answers 404', async () => {
    const ask = room.discord.slash(nari, here(), 'predict', { photo: jpeg(bibimbap, 'gone.jpg') });
    const fileId = String(
      ((ask.payload.data as { resolved: { attachments: Record<string, { id: string }> } }).resolved.attachments as Record<string, { id: string }>)[
        Object.keys((ask.payload.data as { resolved: { attachments: object } }).resolved.attachments)[0]!
      ]!.id,
    );
    room.discord.missingFiles.add(fileId);
    const answer = await room.discord.waitFor(
      () => [room.discord.original(ask), ...room.discord.followUps(ask)].find((m) => m && (m.flags & 128) === 0 && textOf(m).length > 0),
      'the 404 answer',
    );
    expect(textOf(answer)).toMatch(/no longer be downloaded/);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
  });
});

describe('the "Classify food photo" menu', () => {
  beforeEach(ensureModel);

  it('classifies the photo of the message it is used on, and says so kindly when there is none', async () => {
    const posted = room.discord.post(nari, room.guild, room.channel, 'my lunch', [jpeg(bibimbap).upload]);
    const ask = room.discord.contextMenu(teacher, posted, 'Classify food photo');
    const answer = await room.discord.answered(ask, () => true, 30_000);
    expect(ask.callbacks).toEqual([5]);
    await expectPrediction(answer);

    const plain = room.discord.post(nari, room.guild, room.channel, 'no photo here');
    const none = await room.discord.answered(room.discord.contextMenu(nari, plain, 'Classify food photo'));
    expect(textOf(none)).toMatch(/no photo/);
  });
});

describe('a photo channel', () => {
  beforeEach(ensureModel);

  it('replies to every photo posted there (and nowhere else) with the prediction', async () => {
    const photos = room.discord.addChannel(room.guild, 'food-photos');
    const setUp = await room.discord.answered(
      room.discord.slash(teacher, { guild: room.guild, channel: photos }, 'foodvision', { subcommand: 'photo-channel', mode: 'on' }),
    );
    expect(textOf(setUp)).toMatch(/Every food photo posted in this channel/);

    const elsewhere = room.discord.post(nari, room.guild, room.channel, 'lunch', [jpeg(bibimbap).upload]);
    const posted = room.discord.post(nari, room.guild, photos, 'lunch!', [jpeg(bibimbap).upload]);
    const reply = await room.discord.waitFor(
      () => room.discord.messagesIn(photos.id).find((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id === posted.id),
      'the reply to the photo',
      30_000,
    );
    await expectPrediction(reply);
    expect(
      room.discord.messagesIn(room.channel.id).some((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id === elsewhere.id),
    ).toBe(false);
  });
});
