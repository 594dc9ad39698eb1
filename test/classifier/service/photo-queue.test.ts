// The class's photo queue with the real classifier (MobileNet on TF.js, sharp, Postgres) and real
// Food-101 photos, driven through the real Dispatcher the way every platform drives it: photos
// from several members at once, round-robin between them, the bound refusing with "busy, try
// again in N s", the "you're #k" notice, and photos that fail without stalling anyone.
//
// The service-time estimate is fixed (1 s a photo) and the classifier's first photos can be held at
// a gate, so which photo waits where, and what the members are told, is the same on any machine.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassroom } from '../../../src/app/classroom.ts';
import type { Dispatcher } from '../../../src/app/dispatcher.ts';
import { classifierPlugin } from '../../../src/app/classifier-plugin.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import { PhotoQueue, type PhotoQueueLimits, type ServiceTimeEstimate } from '../../../src/classifier/service/photo-queue.ts';
import type { ClassifierService } from '../../../src/classifier/service/types.ts';
import type { AttachmentRef, Invocation } from '../../../src/core/context.ts';
import { userError } from '../../../src/core/errors.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { allText, createClassroomFixture, type ClassroomFixture } from '../../commands/fixture.ts';
import { attachment, DATASET, tinyTraining, trainDefaultHead } from './support.ts';

let fixture: ClassroomFixture;
let real: InProcessClassifier;
let classes: string[];

beforeAll(async () => {
  fixture = await createClassroomFixture();
  real = await startInProcessClassifier(tinyTraining(fixture.db.prisma, 1));
  // Any active head will do: these tests are about who waits, not about what the photo shows.
  await trainDefaultHead(real, fixture.db.prisma);
  classes = (await readdir(path.join(DATASET, 'test'))).sort();
});

afterAll(async () => {
  await real?.close();
  await fixture?.db.drop();
});

/** `count` distinct photos of the test split from `first` on, across the classes: each one is real backbone work. */
async function photos(first: number, count: number): Promise<AttachmentRef[]> {
  const picked: AttachmentRef[] = [];
  for (let n = first; n < first + count; n += 1) {
    const label = classes[n % classes.length]!;
    const dir = path.join(DATASET, 'test', label);
    const file = (await readdir(dir)).sort()[Math.floor(n / classes.length)]!;
    picked.push(attachment(`${label}-${file}`, new Uint8Array(await readFile(path.join(dir, file))), { contentType: 'image/jpeg' }));
  }
  return picked;
}

/** One photo's time as the queue estimates it, fixed so the positions and seconds members hear are known. */
const oneSecondEach: ServiceTimeEstimate = { averageMs: () => 1000, record: () => undefined };

/** Holds every photo the classifier starts until opened: what a slow backbone would do, on cue. */
class Gate {
  open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.open = resolve));
}

interface Room {
  dispatcher: Dispatcher;
  queue: PhotoQueue;
  /** Who each photo the classifier started belonged to, in the order they started. */
  starts: string[];
  gate: Gate;
  as(name: string, locale?: string): Invocation;
}

/** A classroom of its own over the real classifier, with its own queue, so each test stands alone. */
async function room(name: string, limits: Partial<PhotoQueueLimits>): Promise<Room> {
  const starts: string[] = [];
  const gate = new Gate();
  const classifier: ClassifierService = {
    classify: async (photo, who) => {
      starts.push(who.name);
      await gate.opened;
      return real.classify(photo, who);
    },
    explain: (target) => real.explain(target),
    correct: (id, label, who) => real.correct(id, label, who),
    train: (who, onProgress) => real.train(who, onProgress),
    status: (who) => real.status(who),
    activate: (version, who) => real.activate(version, who),
    listModels: (who) => real.listModels(who),
    labels: (who) => real.labels(who),
    close: async () => undefined,
  };
  const queue = new PhotoQueue({ concurrency: 2, maxQueued: 64, maxPerMember: 10, noticeAfterMs: 60_000, ...limits, estimate: oneSecondEach });
  const plugin = await classifierPlugin({ database: fixture.db.database, classifier, photoQueue: queue });
  const { dispatcher } = await createClassroom({ database: fixture.db.database, plugins: [plugin] });
  return { dispatcher, queue, starts, gate, as: (member, locale) => fixture.as(member, { classroom: name, ...(locale ? { locale } : {}) }) };
}

const predict = (r: Room, who: Invocation, photo: AttachmentRef) => r.dispatcher.runCommand(who, 'predict', { photo });

function expectPrediction(replies: Reply[]): void {
  expect(replies).toHaveLength(1);
  expect(replies[0]!.tone).not.toBe('error');
  expect(allText(replies[0])).toMatch(/\d+%/);
  expect(allText(replies[0])).toMatch(/Model v\d|모델 v\d/);
}

describe('photos from several members at once', () => {
  it("are all classified, and one member's ten photos take turns with the class instead of going first", async () => {
    const r = await room('queue-fair', { concurrency: 2 });
    const pics = await photos(0, 22);
    const hana = r.as('Hana');
    const others = ['Ari', 'Bora', 'Chul', 'Dami'].map((name) => r.as(name));
    // Hana posts ten at once: two start (and are held), eight wait.
    const hanas = Promise.all(pics.slice(0, 10).map((photo) => predict(r, hana, photo)));
    await expect.poll(() => r.queue.stats, { timeout: 30_000 }).toEqual({ running: 2, waiting: 8, admitted: 10 });
    // Then four classmates post three each, concurrently, while Hana's are still in line.
    const theirs = Promise.all(others.flatMap((who, m) => pics.slice(10 + m * 3, 13 + m * 3).map((photo) => predict(r, who, photo))));
    await expect.poll(() => r.queue.stats, { timeout: 30_000 }).toEqual({ running: 2, waiting: 20, admitted: 22 });
    r.gate.open();

    const replies = [...(await hanas), ...(await theirs)];
    expect(replies).toHaveLength(22);
    for (const reply of replies) expectPrediction(reply);
    const ids = await fixture.db.prisma.member.findMany({ where: { displayName: { in: ['Hana', 'Ari', 'Bora', 'Chul', 'Dami'] } } });
    expect(await fixture.db.prisma.prediction.count({ where: { memberId: { in: ids.map((m) => m.id) } } })).toBe(22);

    // Round-robin: after the one already next in line, each classmate's photo starts before Hana's
    // next one, round after round; first-come-first-served would have started all ten of Hana's first.
    expect(r.starts.map((name) => (name === 'Hana' ? 'H' : 'o')).join('')).toBe('HHHooooHooooHooooHHHHH');
    for (const round of [r.starts.slice(3, 7), r.starts.slice(8, 12), r.starts.slice(13, 17)]) {
      expect(new Set(round)).toEqual(new Set(['Ari', 'Bora', 'Chul', 'Dami']));
    }
    expect(r.queue.stats).toEqual({ running: 0, waiting: 0, admitted: 0 });
  }, 180_000);
});

describe('the bound', () => {
  it('refuses past a member\'s share and past the total with "busy, try again in N s", in both languages, downloading nothing', async () => {
    const r = await room('queue-bound', { concurrency: 1, maxQueued: 3, maxPerMember: 2 });
    const [first, second, third, minas, soras, taes] = await photos(22, 6);
    const jun = r.as('Jun');
    const accepted = [predict(r, jun, first!), predict(r, jun, second!)];
    await expect.poll(() => r.queue.stats, { timeout: 30_000 }).toEqual({ running: 1, waiting: 1, admitted: 2 });

    // Jun's third: his own share is full; his running photo frees a place in about one photo's time.
    const [own] = await predict(r, jun, third!);
    expect(own).toMatchObject({ tone: 'error', private: true });
    expect(allText(own)).toContain("You already have 2 photos in line, so this one wasn't taken. Please try again in about 1 s.");

    accepted.push(predict(r, r.as('Mina', 'ko'), minas!));
    await expect.poll(() => r.queue.stats.admitted, { timeout: 30_000 }).toBe(3);
    // The line is full: three photos ahead, one at a time, a second each, and this one would be the fourth.
    const [busyKo] = await predict(r, r.as('Sora', 'ko'), soras!);
    expect(allText(busyKo)).toContain('약 4초 뒤에 다시 올려 주세요');
    const [busyEn] = await predict(r, r.as('Tae'), taes!);
    expect(allText(busyEn)).toContain('The classifier is busy');
    expect(allText(busyEn)).toContain('Please try again in about 4 s.');
    const refused = [third, soras, taes] as (AttachmentRef & { downloads: number })[];
    expect(refused.map((photo) => photo.downloads)).toEqual([0, 0, 0]);

    r.gate.open();
    for (const replies of await Promise.all(accepted)) expectPrediction(replies);
    // Places come back: once answered, Jun is taken again.
    expectPrediction(await predict(r, jun, third!));
    expect(r.queue.stats).toEqual({ running: 0, waiting: 0, admitted: 0 });
  });
});

describe('a long wait', () => {
  it('tells the member "you\'re #k, about N s" through the progress hook, and the answer replaces that notice', async () => {
    const r = await room('queue-notice', { concurrency: 1, noticeAfterMs: 3_000 });
    const [held, quick, later, latest] = await photos(28, 4);
    const notices = new Map<string, Reply[]>();
    const told = (name: string, locale?: string): Invocation => {
      notices.set(name, []);
      return { ...r.as(name, locale), progress: async (reply) => void notices.get(name)!.push(reply) };
    };
    const pia = predict(r, told('Pia'), held!);
    await expect.poll(() => r.queue.stats.running, { timeout: 30_000 }).toBe(1);
    // Next in line: answered in about 2 s (the running photo, then this one), under the 3 s bar.
    const quinn = predict(r, told('Quinn'), quick!);
    await expect.poll(() => r.queue.stats.waiting, { timeout: 30_000 }).toBe(1);
    const rhee = predict(r, told('Rhee', 'ko'), later!);
    await expect.poll(() => r.queue.stats.waiting, { timeout: 30_000 }).toBe(2);
    const seo = predict(r, told('Seo'), latest!);
    await expect.poll(() => notices.get('Seo')!.length, { timeout: 30_000 }).toBe(1);

    expect(allText(notices.get('Rhee')![0])).toContain('대기 2번째이고, 약 3초 뒤에 결과가 나옵니다');
    expect(allText(notices.get('Seo')![0])).toContain("You're #3 in line; the answer should come in about 4 s.");
    expect(notices.get('Pia')).toEqual([]);
    expect(notices.get('Quinn')).toEqual([]);

    r.gate.open();
    const [[quinnReply], [rheeReply], [seoReply]] = await Promise.all([quinn, rhee, seo, pia]);
    // The told members' answers take the notice's place (publicly, as the notice was); the others' are plain replies.
    expect(rheeReply).toMatchObject({ target: 'update', private: false });
    expect(seoReply).toMatchObject({ target: 'update', private: false });
    expect(quinnReply!.target).toBeUndefined();
    for (const reply of [quinnReply, rheeReply, seoReply]) expectPrediction([reply!]);
  });
});

describe('photos that fail', () => {
  it('answer their own member with the reason, give their place back and stall no one', async () => {
    const r = await room('queue-failures', { concurrency: 1 });
    r.gate.open();
    const [good1, good2, good3, retry] = await photos(32, 4);
    const uma = r.as('Uma');
    const corrupt = attachment('broken.jpg', new TextEncoder().encode('not a photo, whatever the name says'), { contentType: 'image/jpeg' });
    const gone: AttachmentRef = {
      name: 'gone.jpg',
      url: 'https://files.test/gone.jpg',
      size: 1000,
      contentType: 'image/jpeg',
      download: async () => {
        throw userError('photo.download-failed', '파일을 받을 수 없습니다.', "Can't download that file.");
      },
    };
    const [broken, missing, ...fine] = await Promise.all([
      predict(r, uma, corrupt),
      predict(r, uma, gone),
      predict(r, r.as('Vin'), good1!),
      predict(r, r.as('Won'), good2!),
      predict(r, uma, good3!),
    ]);
    expect(broken![0]).toMatchObject({ tone: 'error' });
    expect(allText(broken![0])).toMatch(/not an image|not supported/);
    expect(allText(missing![0])).toContain("Can't download that file.");
    for (const reply of [broken!, missing!]) expect(allText(reply[0])).not.toMatch(/Something went wrong/);
    for (const replies of fine) expectPrediction(replies);
    expect(r.queue.stats).toEqual({ running: 0, waiting: 0, admitted: 0 });
    expectPrediction(await predict(r, uma, retry!));
  });
});

describe('a bot that is stopping', () => {
  it("tells photos still in line to post again (now if they can't make it, else when the grace runs out) and finishes the running one", async () => {
    const r = await room('queue-stopping', { concurrency: 1 });
    const [held, soon, late, fresh] = await photos(36, 4);
    const pia = predict(r, r.as('Pia'), held!);
    await expect.poll(() => r.queue.stats.running, { timeout: 30_000 }).toBe(1);
    const quinn = predict(r, r.as('Quinn'), soon!);
    await expect.poll(() => r.queue.stats.waiting, { timeout: 30_000 }).toBe(1);
    const rhee = predict(r, r.as('Rhee', 'ko'), late!);
    await expect.poll(() => r.queue.stats.waiting, { timeout: 30_000 }).toBe(2);

    // 2.5 s of grace: Quinn's answer is due in about 2 s and keeps its turn; Rhee's (3 s) can't make it.
    r.queue.stopTaking(2_500);
    const [rheeReply] = await rhee;
    expect(allText(rheeReply)).toContain('분류기가 곧 다시 시작되어');
    const [refused] = await predict(r, r.as('Seo'), fresh!);
    expect(allText(refused)).toContain("The classifier is restarting, so this photo wasn't classified. Please post it again in a minute.");
    expect((fresh as AttachmentRef & { downloads: number }).downloads).toBe(0);
    // The running photo is still held, so Quinn's turn never comes: when the grace runs out, he is told too.
    const [quinnReply] = await quinn;
    expect(allText(quinnReply)).toContain('The classifier is restarting');
    r.gate.open();
    expectPrediction(await pia);
    expect(r.queue.stats).toEqual({ running: 0, waiting: 0, admitted: 0 });
  });

  it('answers a photo whose download was under way when the stop began: it was acknowledged, so it keeps its turn', async () => {
    const r = await room('queue-stopping-downloading', { concurrency: 1 });
    const [photo] = await photos(40, 1);
    let finishDownload!: () => void;
    const downloadMayFinish = new Promise<void>((resolve) => (finishDownload = resolve));
    let downloadStarted!: () => void;
    const downloading = new Promise<void>((resolve) => (downloadStarted = resolve));
    const slow: AttachmentRef = {
      ...photo!,
      async download(maxBytes) {
        downloadStarted();
        await downloadMayFinish;
        return photo!.download(maxBytes);
      },
    };
    r.gate.open();
    const reply = predict(r, r.as('Tae'), slow);
    await downloading;
    r.queue.stopTaking(10_000);
    finishDownload();
    expectPrediction(await reply);
  });
});
