// /lesson over Slack: a signed slash command, acked at once, the lesson posted in Block Kit, and
// paging by two members at once, each on a private page of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsIn, textOf } from '../../support/slack-double/blocks-read.ts';
import { alice, bob, button, CHANNEL, SlackHarness } from '../harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => {
  await h?.close();
});

describe('/lesson over Slack', () => {
  it('acks within 3 s and posts the first section with paging buttons', async () => {
    const delivery = await h.command(alice, '/lesson 7');
    expect(delivery.status).toBe(200);
    expect(delivery.ackMs).toBeLessThan(3000);
    const shared = await h.waitForMessage(alice, CHANNEL, (m) => !m.ephemeralFor && /Next/.test(textOf(m.blocks)), 'the lesson message');
    expect(shared.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(textOf(shared.blocks)).toContain('(1/');
    expect(h.double.callsTo('chat.postMessage').every((c) => c.outcome === 'ok')).toBe(true);
  });

  it('pages privately for each member who clicks, two at once', async () => {
    const shared = h.double.seenBy(alice.userId, CHANNEL).find((m) => !m.ephemeralFor)!;
    const next = button(shared, (b) => b.actionId.startsWith('lesson:open:'));
    const [a, b] = await Promise.all([h.click(alice, shared, next), h.click(bob, shared, next)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const alicePage = await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /\(2\//.test(textOf(m.blocks)), "alice's page 2");
    const bobPage = await h.waitForMessage(bob, CHANNEL, (m) => m.ephemeralFor === bob.userId && /\(2\//.test(textOf(m.blocks)), "bob's page 2");
    // The shared message is untouched: nobody's click moved it.
    expect(textOf(h.double.seenBy(alice.userId, CHANNEL).find((m) => !m.ephemeralFor)!.blocks)).toContain('(1/');
    // Bob's language is Korean (his Slack locale), Alice's English.
    expect(textOf(bobPage.blocks)).toMatch(/다음/);
    expect(textOf(alicePage.blocks)).toMatch(/Next/);

    // Alice turns her own page; Bob's stays where it was.
    await h.click(
      alice,
      alicePage,
      button(alicePage, (x) => x.actionId.startsWith('lesson:page:') && /Next/.test(x.text)),
    );
    await h.waitForMessage(alice, CHANNEL, (m) => m.ts === alicePage.ts && /\(3\//.test(textOf(m.blocks)), "alice's page 3 in place");
    expect(textOf(h.double.seenBy(bob.userId, CHANNEL).find((m) => m.ts === bobPage.ts)!.blocks)).toContain('(2/');
  });

  it("ends with a button that starts the quiz in the clicker's DM", async () => {
    let page = h.double
      .seenBy(alice.userId, CHANNEL)
      .filter((m) => m.ephemeralFor === alice.userId)
      .at(-1)!;
    for (let turns = 0; turns < 20 && !buttonsIn(page.blocks).some((b) => b.actionId.startsWith('quiz:start:')); turns++) {
      const before = textOf(page.blocks);
      await h.click(
        alice,
        page,
        button(page, (x) => x.actionId.startsWith('lesson:page:') && /Next/.test(x.text)),
      );
      page = await h.waitForMessage(alice, CHANNEL, (m) => m.ts === page.ts && textOf(m.blocks) !== before, 'the next page');
    }
    await h.click(
      alice,
      page,
      button(page, (x) => x.actionId === 'quiz:start:7'),
    );
    await h.waitForMessage(alice, `D${alice.userId}`, (m) => /Quiz · Lesson 7 — 1\/5/.test(textOf(m.blocks)), 'the first question in the DM');
  });

  it("in a channel the bot hasn't joined, answers through the command's response_url instead", async () => {
    h.double.channelsWithoutBot.add('C0NOBOT');
    await h.command(alice, '/lesson 7', 'C0NOBOT');
    const shown = await h.waitForMessage(alice, 'C0NOBOT', (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson via response_url');
    expect(shown.viaResponseUrl).toBeDefined();
    expect(shown.ephemeralFor).toBeUndefined(); // in_channel: the class sees it
    expect(
      h.double
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'C0NOBOT')
        .map((c) => c.outcome),
    ).toEqual(['not_in_channel']);
  });

  it('records the sections each member has seen', async () => {
    const rows = await h.db.prisma.lessonProgress.findMany({ include: { member: true } });
    const seen = Object.fromEntries(rows.map((r) => [r.member.platformUserId, [...r.sectionsSeen].sort((a, b) => a - b)]));
    const sections = (await h.db.prisma.lessonProgress.findFirstOrThrow({ where: { member: { platformUserId: alice.userId } } })).sectionsSeen.length;
    expect(seen[alice.userId]).toEqual(Array.from({ length: sections }, (_, i) => i));
    expect(sections).toBeGreaterThan(3); // she paged to the end
    expect(seen[bob.userId]).toEqual([1]); // Bob never ran /lesson: only the page he opened
  });
});
