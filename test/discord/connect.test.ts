// The real discord.js client against the double: it finds the gateway through GET /gateway/bot
// on the configured API URL, identifies, and a slash command makes the full round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClassroom, textOf, type Classroom } from './harness.ts';

let room: Classroom;

beforeAll(async () => {
  room = await openClassroom();
});

afterAll(async () => {
  await room?.close();
});

describe('the Discord adapter on the double', () => {
  it('connects through the API URL it was given, with only the Guilds and Direct Messages intents by default (none privileged)', async () => {
    const gatewayCalls = room.discord.calls.filter((c) => c.route === '/gateway/bot');
    expect(gatewayCalls).toHaveLength(1);
    expect(room.bot.client.isReady()).toBe(true);
    expect(room.bot.client.guilds.cache.has(room.guild.id)).toBe(true);
    expect(room.discord.gatewayIntents).toBe(1 | (1 << 12));
  });

  it('answers /help with an embed, in the member locale', async () => {
    const ko = room.student('minji', { locale: 'ko' });
    const ix = room.discord.slash(ko, { guild: room.guild, channel: room.channel }, 'help');
    const answer = await room.discord.answered(ix);
    expect(answer.embeds.length).toBeGreaterThan(0);
    expect(textOf(answer)).toMatch(/[가-힣]/);
    // One first response, accepted: the double refuses one after Discord's 3 s (CALLBACK_WINDOW_MS).
    expect(ix.callbacks).toHaveLength(1);
    expect(room.discord.problems.filter((p) => p.includes(ix.id))).toEqual([]);
  });

  it('keeps its session through heartbeats, and resumes it after the connection drops', async () => {
    await room.discord.waitFor(() => room.discord.gatewayStats.heartbeats > 0 || undefined, 'a heartbeat', 5_000);
    room.discord.dropGatewayConnections();
    await room.discord.waitFor(() => room.discord.gatewayStats.resumes === 1 || undefined, 'a RESUME', 10_000);
    expect(room.discord.gatewayStats.identifies).toBe(1);
    // Events still arrive on the resumed session.
    const again = room.student('jisoo');
    const answer = await room.discord.answered(room.discord.slash(again, { guild: room.guild, channel: room.channel }, 'help'));
    expect(textOf(answer).length).toBeGreaterThan(0);
  });
});
