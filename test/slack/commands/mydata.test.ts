// /mydata on Slack, through real Bolt and the Slack double: the export travels as a JSON file into
// the member's DM (files.uploadV2), and "Yes, delete my data" erases it, once, however often clicked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, bob, button, CHANNEL, SlackHarness } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe('/mydata on Slack', () => {
  it("sends the member's own export to their DM, then erases it after the confirmation", async () => {
    for (const who of [alice, bob]) {
      await h.command(who, '/lesson 7');
      await h.waitForMessage(who, CHANNEL, (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson');
    }
    await h.command(alice, '/mydata');
    const completed = await h.double.waitFor((c) => c.method === 'files.completeUploadExternal', 10_000, 'the upload to complete');
    expect(completed.args.channel_id).toBe(`D${alice.userId}`);
    const [upload] = [...h.double.uploads.values()];
    expect(upload!.filename).toMatch(/^mydata-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(upload!.bytes!.toString('utf8'));
    expect(data.member.platformUserId).toBe(alice.userId);
    expect(data.lessonProgress).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain(bob.userId);

    await h.command(alice, '/mydata delete');
    const confirm = await h.waitForMessage(
      alice,
      CHANNEL,
      (m) => m.ephemeralFor === alice.userId && /Yes, delete my data/.test(JSON.stringify(m.blocks)),
      'the confirmation',
    );
    const yes = button(confirm, (b) => b.text === 'Yes, delete my data');
    const member = await h.db.prisma.member.findFirstOrThrow({ where: { platformUserId: alice.userId } });
    expect(await h.db.prisma.lessonProgress.count({ where: { memberId: member.id } })).toBe(1);
    await Promise.all([h.click(alice, confirm, yes), h.click(alice, confirm, yes)]);
    await expect
      .poll(() => h.db.prisma.member.findUniqueOrThrow({ where: { id: member.id } }).then((m) => m.erasedAt !== null), { timeout: 10_000 })
      .toBe(true);
    expect(await h.db.prisma.lessonProgress.count({ where: { memberId: member.id } })).toBe(0);
    const bobRow = await h.db.prisma.member.findFirstOrThrow({ where: { platformUserId: bob.userId } });
    expect(await h.db.prisma.lessonProgress.count({ where: { memberId: bobRow.id } })).toBe(1);
  });
});
