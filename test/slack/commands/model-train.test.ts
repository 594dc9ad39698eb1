// An instructor's /model train over Slack, on the real classifier with a small training set: the
// progress message posted once and edited in place (chat.update), the result with its figures,
// and the confusion matrix uploaded as a PNG. Students are refused on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { TestClassifier } from '../classifier.ts';
import { alice, CHANNEL, SlackHarness, teacher } from '../harness.ts';

const tc = new TestClassifier(2);
let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start({ plugins: tc.plugins, onClose: () => tc.close() });
});
afterAll(async () => {
  await (h ? h.close() : tc.close());
});

describe('/model', () => {
  it('train is refused to a student, and nothing trains', async () => {
    await h.command(alice, '/model train');
    await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /instructors only/.test(textOf(m.blocks)), 'the refusal');
    expect(await h.db.prisma.trainingJob.count()).toBe(0);
  });

  it('train shows progress in one message edited in place, then the result and the confusion matrix PNG', async () => {
    const delivery = await h.command(teacher, '/model train');
    expect(delivery.ackMs).toBeLessThan(3000);
    const result = await h.waitForMessage(
      teacher,
      CHANNEL,
      (m) => !m.ephemeralFor && /Model v1 trained and now active/.test(textOf(m.blocks)),
      'the training result',
      90_000,
    );
    expect(textOf(result.blocks)).toMatch(/(Validation|Training) accuracy/);

    const progress = h.double
      .callsTo('chat.postMessage')
      .find((c) => /Training started|Preparing to train|Embedding|Training the head/.test(textOf(c.args.blocks)));
    expect(progress).toBeDefined();
    const progressMessage = h.double.messages.find((m) => m.channel === CHANNEL && textOf(m.blocks).match(/Epoch|Embedding|Preparing|Training started/))!;
    const edits = h.double.callsTo('chat.update').filter((c) => c.args.ts === progressMessage.ts);
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.every((c) => c.outcome === 'ok')).toBe(true);
    expect(textOf(edits.at(-1)!.args.blocks)).toMatch(/Epoch (\d+)\/\1|Training the head/);

    const completed = await h.double.waitFor((c) => c.method === 'files.completeUploadExternal', 10_000, 'the PNG upload');
    expect(completed.args.channel_id).toBe(CHANNEL);
    const png = [...h.double.uploads.values()].find((u) => u.filename === 'confusion-v1.png')!;
    expect([...png.bytes!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('status and activate (with Discord-style version:1 too) read the registry', async () => {
    await h.command(teacher, '/model status');
    await h.waitForMessage(teacher, CHANNEL, (m) => /▶ v1/.test(textOf(m.blocks)), 'the status');
    await h.command(teacher, '/model activate version:1');
    await h.waitForMessage(
      teacher,
      CHANNEL,
      (m) => /v1/.test(textOf(m.blocks)) && /activ/i.test(textOf(m.blocks)) && !/trained and now active/.test(textOf(m.blocks)),
      'the activation',
    );
    // The class's own head: a row of its own, not the deployment's default.
    const heads = await h.db.prisma.classroomModel.findMany({ include: { modelVersion: true } });
    expect(heads.map((head) => head.modelVersion.version)).toEqual([1]);
  });
});
