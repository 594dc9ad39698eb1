// /predict, /model, /foodvision and the photo-channel listener through the real Dispatcher, on
// real Postgres with the real classifier (MobileNet, TF.js, sharp) and real Food-101 photos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifierPlugin } from '../../../src/app/classifier-plugin.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import type { InProcessClassifier } from '../../../src/classifier/service/in-process.ts';
import type { Invocation } from '../../../src/core/context.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { allText, button, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from '../../commands/fixture.ts';
import { BACKBONE, attachment, classroomId, testPhoto, TRAIN_DIR } from './support.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';

let fixture: ClassroomFixture;
let classifier: InProcessClassifier;
let teacher: Invocation;
let mina: Invocation;

beforeAll(async () => {
  fixture = await createClassroomFixture();
  // The registry starts empty (no shipped head): the model these tests use is trained by /model train.
  classifier = await startInProcessClassifier({
    stores: classifierRepositories(fixture.db.prisma),
    backbone: BACKBONE,
    threshold: 0.5,
    trainingData: { dir: TRAIN_DIR, perClass: 4 },
    training: { epochs: 60 },
    defaultHeadFile: null,
  });
  const plugin = await classifierPlugin({ database: fixture.db.database, classifier });
  const { createClassroom } = await import('../../../src/app/classroom.ts');
  fixture.dispatcher = (await createClassroom({ database: fixture.db.database, plugins: [plugin] })).dispatcher;
  teacher = fixture.as('Teacher', { role: 'instructor' });
  mina = fixture.as('Mina', { locale: 'ko' });
});

afterAll(async () => {
  await classifier?.close();
  await fixture?.db.drop();
});

const predict = (who: Invocation, photo: ReturnType<typeof attachment>) => fixture.dispatcher.runCommand(who, 'predict', { photo });

/** An active model for the tests that classify: the one /model train made already, or one trained here. */
async function activeVersion(): Promise<number> {
  const who = { name: 'test setup', classroomId: await classroomId(fixture.db.prisma, { platform: 'discord', externalId: 'guild-1' }) };
  const active = (await classifier.listModels(who)).find((m) => m.active);
  return active ? active.version : (await classifier.train(who)).model.version;
}

const latestVersion = async () => Math.max(0, ...(await classifier.listModels({ name: 'test' })).map((m) => m.version));

describe('/model', () => {
  it('is refused to a student, on the server', async () => {
    const jobs = await fixture.db.prisma.trainingJob.count();
    const [reply] = await fixture.dispatcher.runCommand(mina, 'model', { subcommand: 'train' });
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(allText(reply)).toContain('강사');
    expect(await fixture.db.prisma.trainingJob.count()).toBe(jobs);
  });

  it('trains for an instructor, with progress per epoch, the figures and the confusion-matrix PNG', async () => {
    const progress: Reply[] = [];
    const next = (await latestVersion()) + 1;
    const [reply] = await fixture.dispatcher.runCommand({ ...teacher, progress: async (r) => void progress.push(r) }, 'model', { subcommand: 'train' });
    expect(reply?.title).toBe(`Model v${next} trained and now active in this class`);
    // The first progress comes before any photo is read, with the button that cancels the run.
    expect(progress[0]?.title).toBe('Training started');
    expect(button(progress[0], 'model:cancel:').label).toBe('Cancel training');
    expect(progress.some((r) => r.blocks.some((b) => b.kind === 'progress' && b.label.startsWith('Epoch')))).toBe(true);
    const image = reply!.blocks.find((b) => b.kind === 'image');
    expect(image?.kind === 'image' && Buffer.from(image.file.data.subarray(1, 4)).toString()).toBe('PNG');
    expect(allText(reply)).toContain('Validation accuracy');
    expectPlatformSafe([reply!, ...progress]);
  });

  it('shows the status and activates a version', async () => {
    const version = await activeVersion();
    const [status] = await fixture.dispatcher.runCommand(teacher, 'model', { subcommand: 'status' });
    expect(allText(status)).toContain(`v${version}`);
    const [activated] = await fixture.dispatcher.runCommand(teacher, 'model', { subcommand: 'activate', version });
    expect(activated?.title).toBe(`Model v${version} is active`);
    const absent = (await latestVersion()) + 9;
    const [missing] = await fixture.dispatcher.runCommand(teacher, 'model', { subcommand: 'activate', version: absent });
    expect(missing).toMatchObject({ tone: 'error' });
    expect(allText(missing)).toContain(`no model version ${absent}`);
  });
});

describe('/predict', () => {
  it('answers with confidence bars, the version, and the two buttons', async () => {
    const version = await activeVersion();
    const replies = await predict(mina, attachment('bibimbap.jpg', await testPhoto('bibimbap', 0), { contentType: 'image/jpeg' }));
    expectPlatformSafe(replies);
    const text = allText(replies[0]);
    expect(text).toMatch(/[█░]{10}/);
    expect(text).toContain(`모델 v${version}`);
    expect(button(replies[0], 'predict:explain:').label).toBe('백본에는 무엇이 보일까?');
    expect(button(replies[0], 'predict:wrong:').label).toBe('틀렸나요? 정답을 알려 주세요');
    const prediction = await fixture.db.prisma.prediction.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(button(replies[0], 'predict:explain:').actionId).toBe(`predict:explain:${prediction.id}`);
  });

  it('"What does the backbone see?" shows ImageNet labels and the tensor trace', async () => {
    await activeVersion();
    const [reply] = await predict(teacher, attachment('ribs.jpg', await testPhoto('baby_back_ribs', 0), { contentType: 'image/jpeg' }));
    const [explained] = await fixture.dispatcher.runAction(teacher, button(reply, 'predict:explain:').actionId);
    const code = explained!.blocks.find((b) => b.kind === 'code');
    expect(code?.kind === 'code' && code.text).toContain('[1,224,224,3]');
    expect(code?.kind === 'code' && code.text).toContain('[1,768]');
    expect(code?.kind === 'code' && code.text).toContain('[1,7]');
    expect(code?.kind === 'code' && code.text).toContain('768×7+7 = 5,383');
    expect(allText(explained)).toContain('ImageNet');
    expectPlatformSafe([explained!]);
  });

  it('"Wrong?" offers the seven dishes by name and stores the member’s answer', async () => {
    await activeVersion();
    const [reply] = await predict(mina, attachment('pie.jpg', await testPhoto('apple_pie', 1), { contentType: 'image/jpeg' }));
    const predictionId = Number(button(reply, 'predict:wrong:').actionId.split(':').at(-1));
    const [menu] = await fixture.dispatcher.runAction(mina, button(reply, 'predict:wrong:').actionId);
    const select = menu!.blocks.find((b) => b.kind === 'select');
    expect(select?.kind === 'select' && select.menu.options.map((o) => o.label)).toContain('애플파이');
    expect(select?.kind === 'select' && select.menu.options).toHaveLength(7);
    const chosen = select?.kind === 'select' ? select.menu.actionId : '';
    const [thanks] = await fixture.dispatcher.runAction(mina, chosen, { values: ['apple_pie'] });
    expect(thanks).toMatchObject({ target: 'update', tone: 'success' });
    expect(allText(thanks)).toContain('애플파이');
    const example = await fixture.db.prisma.labelledExample.findFirstOrThrow({ where: { source: 'correction', predictionId } });
    expect(example.label).toBe('apple_pie');
  });

  it('checks the declared size before downloading anything', async () => {
    const big = attachment('huge.jpg', new Uint8Array(10), { size: 30 * 1024 * 1024, contentType: 'image/jpeg' });
    const [reply] = await predict(mina, big);
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(allText(reply)).toContain('30 MB');
    expect(big.downloads).toBe(0);
  });

  it('refuses a declared non-image before download, and a disguised one after decoding', async () => {
    await activeVersion(); // without a model, the disguised one would be refused for that first
    const pdf = attachment('notes @everyone `x`.pdf', new Uint8Array(10), { contentType: 'application/pdf' });
    const [refused] = await predict(mina, pdf);
    // The name is quoted as it was sent; each renderer makes it inert (test/platforms/hostile-text.test.ts).
    expect(allText(refused)).toContain('"notes @everyone `x`.pdf" 파일은 사진이 아닙니다');
    expect(pdf.downloads).toBe(0);
    const fake = attachment('fake.jpg', new TextEncoder().encode('hello, I am text'), { contentType: 'image/jpeg' });
    const [reply] = await predict(teacher, fake);
    expect(reply).toMatchObject({ tone: 'error' });
    expect(allText(reply)).toContain('not an image');
  });

  it('limits one member to 30 a minute, counted before the work, and leaves the others alone', async () => {
    const script = fixture.as('Script');
    const tiny = () => attachment('tiny.jpg', new Uint8Array(10), { size: 30 * 1024 * 1024, contentType: 'image/jpeg' });
    for (let call = 0; call < 30; call++) {
      expect(allText((await predict(script, tiny()))[0])).toContain('30 MB'); // refused for its size: the command ran
    }
    const blocked = tiny();
    const [limited] = await predict(script, blocked);
    expect(limited).toMatchObject({ tone: 'error', private: true });
    expect(allText(limited)).toMatch(/That's a lot of \/predict at once\. Please try again in \d+ s\./);
    expect(blocked.downloads).toBe(0);
    expect(allText((await predict(fixture.as('Neighbour'), tiny()))[0])).toContain('30 MB');
  });
});

describe('photo channels', () => {
  it('classifies photos posted in a channel an instructor turned on, in a thread, and nowhere else', async () => {
    await activeVersion();
    const photo = () => attachment('dinner.jpg', new Uint8Array(), { contentType: 'image/jpeg' });
    const posted = async (channelId: string, files: ReturnType<typeof attachment>[]) => fixture.dispatcher.onAttachments({ ...mina, channelId }, files);

    expect(await posted('channel-1', [photo()])).toEqual([]);
    const [denied] = await fixture.dispatcher.runCommand(mina, 'foodvision', { subcommand: 'photo-channel', mode: 'on' });
    expect(denied).toMatchObject({ tone: 'error' });
    const [on] = await fixture.dispatcher.runCommand(teacher, 'foodvision', { subcommand: 'photo-channel', mode: 'on' });
    expect(on).toMatchObject({ tone: 'success' });

    const real = attachment('bibimbap.jpg', await testPhoto('bibimbap', 2), { contentType: 'image/jpeg' });
    const replies = await posted('channel-1', [real, attachment('menu.pdf', new Uint8Array(3), { contentType: 'application/pdf' })]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ target: 'thread' });
    expect(button(replies[0], 'predict:wrong:')).toBeDefined();
    expect(await posted('channel-2', [attachment('b.jpg', await testPhoto('bibimbap', 2), { contentType: 'image/jpeg' })])).toEqual([]);
    expect(await posted('channel-1', [attachment('menu.pdf', new Uint8Array(3), { contentType: 'application/pdf' })])).toEqual([]);

    // A broken photo beside a good one: the good one is still classified, the broken one explained.
    const broken = attachment('broken.jpg', new TextEncoder().encode('not really a jpeg'), { contentType: 'image/jpeg' });
    const album = await posted('channel-1', [broken, real]);
    expect(album).toHaveLength(2);
    expect(album[0]).toMatchObject({ target: 'thread', tone: 'error', private: false });
    expect(album[1]).toMatchObject({ target: 'thread' });
    expect(album[1]!.tone).not.toBe('error');
    expect(allText(album[0])).toContain('이미지 파일이 아닙니다');
    expect(button(album[1], 'predict:explain:')).toBeDefined();

    await fixture.dispatcher.runCommand(teacher, 'foodvision', { subcommand: 'photo-channel', mode: 'off' });
    expect(await posted('channel-1', [real])).toEqual([]);
  });
});
