// Reviewing corrections over Slack: /model corrections lists a student's pending correction with
// its thumbnail, the model's answer and Approve / Reject buttons; a student's click is refused on
// the server; an instructor's double click records one approval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { TestClassifier, testPhoto } from '../classifier.ts';
import { alice, button, CHANNEL, SlackHarness, teacher } from '../harness.ts';

const tc = new TestClassifier(2);
let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start({ plugins: tc.plugins, onClose: () => tc.close() });
  await tc.ensureModel();
});
afterAll(async () => {
  await (h ? h.close() : tc.close());
});

describe('/model corrections', () => {
  it('lists a pending correction with Approve and Reject; a student is refused; a double click approves once', async () => {
    // Alice becomes a member by using the bot, then corrects a prediction (as her "Wrong?" menu would).
    await h.command(alice, '/model corrections');
    await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /instructors only/.test(textOf(m.blocks)), 'the refusal');
    const member = await h.db.prisma.member.findFirstOrThrow({ where: { platformUserId: alice.userId } });
    const who = { name: 'alice', memberId: member.id, classroomId: member.classroomId };
    const predicted = await tc.classifier!.classify(await testPhoto('bibimbap', 9), who);
    await tc.classifier!.correct(predicted.predictionId, 'baklava', who);

    await h.command(teacher, '/model corrections');
    const list = await h.waitForMessage(teacher, CHANNEL, (m) => /corrections to review/.test(textOf(m.blocks)), 'the review queue');
    expect(textOf(list.blocks)).toMatch(/alice says \*?Baklava/i);
    expect(textOf(list.blocks)).toMatch(/model v\d+: /);
    const approve = button(list, (b) => b.actionId.startsWith('model:approve:'));
    expect(button(list, (b) => b.actionId.startsWith('model:reject:'))).toBeDefined();
    // The thumbnail is uploaded beside the message (files.completeUploadExternal may come a moment later).
    await h.double.waitFor((c) => c.method === 'files.completeUploadExternal', 10_000, 'the thumbnail upload');
    const upload = [...h.double.uploads.values()].find((u) => /^correction-\d+\.jpg$/.test(u.filename));
    expect(upload, [...h.double.uploads.values()].map((u) => u.filename).join(', ')).toBeDefined();
    expect([...upload!.bytes!.subarray(0, 2)]).toEqual([0xff, 0xd8]);

    await h.click(alice, list, approve);
    await h.waitForMessage(
      alice,
      CHANNEL,
      (m) => m.ephemeralFor === alice.userId && /instructors only/i.test(textOf(m.blocks)) && m !== list,
      'the refused click',
    );
    const row = () => h.db.prisma.labelledExample.findFirstOrThrow({ where: { predictionId: predicted.predictionId } });
    expect((await row()).review).toBe('pending');

    await Promise.all([h.click(teacher, list, approve), h.click(teacher, list, approve)]);
    await h.waitForMessage(teacher, CHANNEL, (m) => /approved: the next \/model train/.test(textOf(m.blocks)), 'the approval');
    await h.waitForMessage(teacher, CHANNEL, (m) => /already approved/i.test(textOf(m.blocks)), 'the second click’s answer');
    const reviewer = await h.db.prisma.member.findFirstOrThrow({ where: { platformUserId: teacher.userId } });
    expect(await row()).toMatchObject({ review: 'approved', reviewedBy: reviewer.displayName });
  });
});
