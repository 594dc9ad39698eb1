// /report: refused to a student on the server; for an instructor (a workspace admin), the class
// CSV travels through files.uploadV2 (upload URL, the upload itself, completion) into their DM,
// never into the channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, CHANNEL, SlackHarness, teacher } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

const uploads = () => h.double.calls.filter((c) => c.method.startsWith('files.') || c.method === 'upload');

describe('/report', () => {
  it('is refused to a student, privately, and nothing is uploaded', async () => {
    await h.command(alice, '/lesson 7'); // alice is a member with progress
    await h.waitForMessage(alice, CHANNEL, (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson');
    await h.command(alice, '/report');
    const refusal = await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /instructors only/.test(textOf(m.blocks)), 'the refusal');
    expect(textOf(refusal.blocks)).toContain('/report');
    expect(uploads()).toEqual([]);
    const member = await h.db.prisma.member.findFirstOrThrow({ where: { platformUserId: alice.userId } });
    expect(member.role).toBe('student');
  });

  it("uploads the class CSV to an instructor's DM with files.uploadV2", async () => {
    await h.command(teacher, '/report');
    const completed = await h.double.waitFor((c) => c.method === 'files.completeUploadExternal', 10_000, 'the upload to complete');
    expect(completed.outcome).toBe('ok');
    expect(completed.args.channel_id).toBe(`D${teacher.userId}`);
    expect(uploads().map((c) => `${c.method}:${c.outcome}`)).toEqual(['files.getUploadURLExternal:ok', 'upload:200', 'files.completeUploadExternal:ok']);
    const [upload] = [...h.double.uploads.values()];
    expect(upload!.filename).toMatch(/^class-report-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = upload!.bytes!.toString('utf8');
    expect(csv.split('\n')[0]).toMatch(/^\uFEFF/);
    expect(csv).toContain('Alice');
    // The channel only hears, privately, where the file went.
    await h.waitForMessage(teacher, CHANNEL, (m) => m.ephemeralFor === teacher.userId && /direct message/.test(textOf(m.blocks)), 'the pointer to the DM');
    expect(h.double.messages.filter((m) => m.channel === CHANNEL && !m.ephemeralFor).every((m) => !/Class report/.test(textOf(m.blocks)))).toBe(true);
  });
});
