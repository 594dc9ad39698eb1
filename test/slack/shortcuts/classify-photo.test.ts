// The message shortcut "Classify food photo": any message's photo, in any channel (no photo
// channel needed), classified through /predict and answered in that message's thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictCommand } from '../../../commands/predict.ts';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import { testPhoto, TestClassifier } from '../classifier.ts';
import { alice, bob, SlackHarness } from '../harness.ts';

/** The message shortcut's id, as the /predict definition declares it. */
const CLASSIFY_SHORTCUT_ID = predictCommand.surfaces!.shortcut!.callbackId;

const OTHER = 'C0LUNCH';
const tc = new TestClassifier(1, true);
let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start({ plugins: tc.plugins, onClose: () => tc.close() });
  await tc.ensureModel();
});
afterAll(async () => {
  await (h ? h.close() : tc.close());
});

describe('"Classify food photo" on a message', () => {
  it("answers in the message's thread with the prediction and its buttons", async () => {
    const file = h.double.addFile({ name: 'bibimbap.jpg', mimetype: 'image/jpeg', bytes: await testPhoto('bibimbap', 3) });
    const ts = h.double.nextTs();
    const delivery = await h.messageShortcut(bob, CLASSIFY_SHORTCUT_ID, { ts, user: alice.userId, files: [file] }, OTHER);
    expect(delivery.status).toBe(200);
    const reply = await h.waitForMessage(bob, OTHER, (m) => m.thread_ts === ts, 'the threaded prediction');
    expect(textOf(reply.blocks)).toMatch(/\d+%/);
    expect(buttonsIn(reply.blocks).map((b) => b.text)).toEqual(['백본에는 무엇이 보일까?', '🔥 어디를 봤을까?', '틀렸나요? 정답을 알려 주세요']);
    const prediction = await h.db.prisma.prediction.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const version = (await h.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: prediction.modelVersionId } })).version;
    expect(textOf(reply.blocks)).toContain(`모델 v${version}`); // Bob's Slack locale is Korean
  });

  it('a message without a photo gets a private explanation', async () => {
    await h.messageShortcut(bob, CLASSIFY_SHORTCUT_ID, { ts: h.double.nextTs(), user: alice.userId }, OTHER);
    await h.waitForMessage(bob, OTHER, (m) => m.ephemeralFor === bob.userId && /분류할 사진이 없습니다/.test(textOf(m.blocks)), 'the no-photo note');
  });

  it('a message with only a PDF is refused as not a photo, without downloading it', async () => {
    const pdf = h.double.addFile({ name: 'menu.pdf', mimetype: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4') });
    await h.messageShortcut(bob, CLASSIFY_SHORTCUT_ID, { ts: h.double.nextTs(), user: alice.userId, files: [pdf] }, OTHER);
    await h.waitForMessage(
      bob,
      OTHER,
      (m) => m.ephemeralFor === bob.userId && /사진이 아닙니다/.test(textOf(m.blocks)),
      'the not-a-photo note (Bob reads Korean)',
    );
    expect(h.double.callsTo('download').filter((c) => c.args.file === pdf.id)).toEqual([]);
  });
});
