// Slash command text Slack passes through as typed: nothing, garbage, a mention. Each gets a
// usage message or the right member, never a crash or a guess; an unseen workspace is set up.
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

async function privateAnswer(actor: typeof alice, line: string): Promise<string> {
  const before = h.double.callsTo('response_url').length;
  const delivery = await h.command(actor, line);
  expect(delivery.status).toBe(200);
  const call = await h.double.waitFor(
    (c) => c.method === 'response_url' && h.double.callsTo('response_url').indexOf(c) >= before,
    10_000,
    `the answer to ${line}`,
  );
  expect(call.args.response_type).toBe('ephemeral');
  return textOf(call.args.blocks);
}

describe('slash command text', () => {
  it('no text where a lesson number is required: a usage message', async () => {
    const text = await privateAnswer(alice, '/lesson');
    expect(text).toContain('Usage');
    expect(text).toContain('/lesson <number> [section]');
  });

  it('garbage: says what was wrong, and how to use it', async () => {
    const text = await privateAnswer(alice, '/lesson seven please');
    expect(text).toContain("`seven` isn't one");
    expect(text).toContain('/lesson <number> [section]');
  });

  it('too much text: names the extra part', async () => {
    const text = await privateAnswer(alice, '/lesson 7 1 and more');
    expect(text).toContain('`and more`');
  });

  it('an unknown subcommand lists the subcommands', async () => {
    const text = await privateAnswer(teacher, '/instructor frobnicate');
    expect(text).toContain('`frobnicate`');
    expect(text).toContain('/instructor add <member>');
    expect(text).toContain('/instructor remove <member>');
  });

  it("reads Slack's escaped mention <@U…|name> as the member", async () => {
    await h.command(alice, '/lesson 7'); // alice exists and has seen a section
    await h.waitForMessage(alice, CHANNEL, (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson');
    const text = await privateAnswer(teacher, `/progress <${'@'}${alice.userId}|alice>`);
    expect(text).toMatch(/Alice/);
  });

  it('a mention of someone by a student is refused on the server', async () => {
    const text = await privateAnswer(alice, `/progress <@${teacher.userId}|teacher>`);
    expect(text).toMatch(/instructors only/i);
  });
});

describe('a workspace the bot has never seen', () => {
  it('creates the classroom on first use and answers', async () => {
    const stranger = { teamId: 'T0NEWTEAM', userId: 'U0STRANGER', userName: 'stranger' };
    h.double.addUser({ id: stranger.userId, name: 'stranger', locale: 'en-US', team_id: stranger.teamId });
    expect(await h.db.prisma.classroom.findFirst({ where: { externalId: stranger.teamId } })).toBeNull();
    await h.command(stranger, '/lesson 7', 'C0ELSEWHERE');
    await h.waitForMessage(stranger, 'C0ELSEWHERE', (m) => /\(1\//.test(textOf(m.blocks)), 'the lesson in the new workspace');
    const classroom = await h.db.prisma.classroom.findFirst({ where: { platform: 'slack', externalId: stranger.teamId }, include: { members: true } });
    expect(classroom?.members.map((m) => m.platformUserId)).toEqual([stranger.userId]);
  });
});
