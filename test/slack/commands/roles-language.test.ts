// Who is an instructor on Slack (workspace admins and owners, from users.info, cached briefly,
// plus members an instructor adds in the bot) and which language each member reads (their own
// choice, else what Slack says of them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patience } from '../../support/patience.ts';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, bob, CHANNEL, SlackHarness, teacher } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
  h.double.addUser({ id: 'U0OWNER', name: 'owner', real_name: 'Workspace Owner', is_owner: true, locale: 'en-US' });
});
afterAll(async () => {
  await h?.close();
});

const note = (actor: { userId: string }, pattern: RegExp, label: string) =>
  h.waitForMessage(actor as typeof alice, CHANNEL, (m) => m.ephemeralFor === actor.userId && pattern.test(textOf(m.blocks)), label);

describe('instructors on Slack', () => {
  it('a workspace owner is an instructor without anyone granting it', async () => {
    const owner = { teamId: teacher.teamId, userId: 'U0OWNER', userName: 'owner' };
    await h.command(owner, '/report');
    await h.double.waitFor((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === 'DU0OWNER', 10_000, "the owner's report");
  });

  it('a student made instructor by an instructor may use instructor commands; removed, may not', async () => {
    await h.command(alice, '/report');
    await note(alice, /instructors only/, 'the first refusal');
    await h.command(teacher, `/instructor add <@${alice.userId}|alice>`);
    await expect
      .poll(async () => (await h.db.prisma.member.findFirst({ where: { platformUserId: alice.userId } }))?.grantedRole, { timeout: patience() })
      .toBe('instructor');
    await h.command(alice, '/report');
    await h.double.waitFor((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === `D${alice.userId}`, 10_000, "alice's report");
    await h.command(teacher, `/instructor remove <@${alice.userId}|alice>`);
    await expect
      .poll(async () => (await h.db.prisma.member.findFirst({ where: { platformUserId: alice.userId } }))?.grantedRole ?? null, { timeout: patience() })
      .not.toBe('instructor');
    const refusals = () =>
      h.double.seenBy(alice.userId, CHANNEL).filter((m) => m.ephemeralFor === alice.userId && /instructors only/.test(textOf(m.blocks))).length;
    const before = refusals();
    await h.command(alice, '/report');
    await expect.poll(refusals, { timeout: patience() }).toBe(before + 1);
  });

  it('asks users.info once per member within the cache window', async () => {
    const calls = h.double.callsTo('users.info').filter((c) => c.args.user === alice.userId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args.include_locale).toBe('true');
  });
});

describe('language', () => {
  it("follows Slack's locale until the member chooses, then their choice", async () => {
    await h.command(bob, '/lesson 7');
    await h.waitForMessage(bob, CHANNEL, (m) => !m.ephemeralFor && /다음/.test(textOf(m.blocks)), 'the lesson in Korean (Slack locale ko-KR)');
    await h.command(bob, '/language en');
    await note(bob, /English|영어/, 'the language confirmation');
    await h.command(bob, '/lesson 7 2');
    await h.waitForMessage(bob, CHANNEL, (m) => !m.ephemeralFor && /\(2\//.test(textOf(m.blocks)) && /Next/.test(textOf(m.blocks)), 'the lesson in English');
    expect((await h.db.prisma.member.findFirstOrThrow({ where: { platformUserId: bob.userId } })).language).toBe('en');
  });
});
