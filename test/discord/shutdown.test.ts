// Stopping the Discord bot (a deploy, Ctrl-C) must not lose an interaction it already
// acknowledged: stop() waits for that work to finish (here a follow-up that waits out a 429)
// before it disconnects, and anyone who clicks meanwhile is told the bot is restarting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL } from '../support/discord-double/index.ts';
import { buttonsOf, openClassroom, textOf, type Classroom } from './harness.ts';

let room: Classroom;
beforeAll(async () => {
  room = await openClassroom();
});
afterAll(async () => {
  await room?.close();
});

const here = () => ({ guild: room.guild, channel: room.channel });

describe('stopping the Discord bot', () => {
  it('finishes acknowledged work before disconnecting, and tells newcomers it is restarting', async () => {
    const mia = room.student('mia');
    const shared = await room.discord.answered(room.discord.slash(mia, here(), 'lesson', { number: 7 }));
    const route = '/webhooks/{webhook_id}/{webhook_token}';
    room.discord.failOnce(
      'POST',
      route,
      429,
      { message: 'You are being rate limited.', retry_after: 1, global: false },
      { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
    );
    const click = room.discord.click(mia, shared, buttonsOf(shared).find((b) => /Next/.test(b.label))!.id);
    await room.discord.waitFor(() => click.callbacks.length > 0, 'the click acknowledged');

    const stopped = room.bot.stop();
    const late = room.discord.slash(room.student('leo'), here(), 'lesson', { number: 7 });
    const refusal = await room.discord.answered(late);
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(refusal)).toMatch(/restarting/);

    await stopped;
    // Nothing waited for after stop(): the page was already delivered, after its 429.
    const page = room.discord.followUps(click)[0];
    expect(page && textOf(page)).toMatch(/\(2\/\d+\)/);
    const attempts = room.discord.calls.filter((c) => c.route === route && c.path.includes(encodeURIComponent(click.token)));
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(await room.db.prisma.lessonProgress.count({ where: { member: { displayName: 'leo' } } })).toBe(0);
  });
});
