// The cooldown precondition: at most N calls per member per sliding window, counted per command
// and per member, with the wait in the refusal. Counted in Postgres, so the limit holds across
// bot processes (here: two Prisma clients on one database) and a passed window is forgotten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/app/command.ts';
import { cooldown } from '../../src/app/preconditions.ts';
import type { RateLimitStore } from '../../src/core/ports.ts';
import { UserError } from '../../src/core/errors.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { PRUNE_EVERY_MS, PrismaRateLimits } from '../../src/db/repositories/rate-limits.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
/** A second client on the same database: what a second bot process would hold. */
let otherProcess: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  otherProcess = await openDatabase({ url: db.url });
});

afterAll(async () => {
  await otherProcess?.close();
  await db?.drop();
});

const member = (rateLimits: RateLimitStore, memberId: number, classroomId = 1) =>
  ({ caller: { classroomId, memberId }, services: { rateLimits } }) as unknown as CommandContext;

async function refusal(run: () => Promise<unknown> | unknown): Promise<UserError | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
}

/** Epoch ms for a test clock: real-looking times, so the bigint columns see real magnitudes. */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

describe('cooldown', () => {
  it('allows N calls in the window, refuses the next with the seconds to wait, and frees up as the window slides', async () => {
    const store = new PrismaRateLimits(db.prisma);
    let clock = T0;
    const rule = cooldown(60_000, { calls: 3, now: () => clock });
    for (const at of [0, 10_000, 20_000]) {
      clock = T0 + at;
      expect(await refusal(() => rule.check(member(store, 101), 'predict'))).toBeUndefined();
    }
    clock = T0 + 30_000;
    const refused = await refusal(() => rule.check(member(store, 101), 'predict'));
    expect(refused?.code).toBe('cooldown');
    expect(refused?.text.en).toBe("That's a lot of /predict at once. Please try again in 30 s.");
    expect(refused?.text.ko).toBe('/predict 명령을 너무 자주 쓰셨어요. 30초 후에 다시 시도해 주세요.');

    // Another member, the same member id in another class, or another command, has a budget of its own.
    expect(await refusal(() => rule.check(member(store, 102), 'predict'))).toBeUndefined();
    expect(await refusal(() => rule.check(member(store, 101, 2), 'predict'))).toBeUndefined();
    expect(await refusal(() => rule.check(member(store, 101), 'explain'))).toBeUndefined();

    clock = T0 + 60_000; // the call at 0 s has left the window: one more fits, then it is full again
    expect(await refusal(() => rule.check(member(store, 101), 'predict'))).toBeUndefined();
    expect((await refusal(() => rule.check(member(store, 101), 'predict')))?.text.en).toMatch(/try again in 10 s/);
  });

  it('defaults to one call per window', async () => {
    const store = new PrismaRateLimits(db.prisma);
    let clock = T0;
    const rule = cooldown(5_000, { now: () => clock });
    await rule.check(member(store, 201), 'model');
    clock = T0 + 4_000;
    expect((await refusal(() => rule.check(member(store, 201), 'model')))?.text.en).toMatch(/in 1 s/);
    clock = T0 + 5_000;
    expect(await refusal(() => rule.check(member(store, 201), 'model'))).toBeUndefined();
  });

  it('keeps two cooldowns on one command apart', async () => {
    const store = new PrismaRateLimits(db.prisma);
    const clock = () => T0;
    const perMinute = cooldown(60_000, { calls: 2, now: clock });
    const perSecond = cooldown(1_000, { calls: 1, now: clock });
    expect(await refusal(() => perSecond.check(member(store, 301), 'predict'))).toBeUndefined();
    expect(await refusal(() => perMinute.check(member(store, 301), 'predict'))).toBeUndefined();
    expect(await refusal(() => perMinute.check(member(store, 301), 'predict'))).toBeUndefined();
    expect((await refusal(() => perSecond.check(member(store, 301), 'predict')))?.code).toBe('cooldown');
  });

  it('allows exactly N of 50 simultaneous calls from one member spread over two bot processes, and N again once the window passes', async () => {
    const processes = [new PrismaRateLimits(db.prisma), new PrismaRateLimits(otherProcess.prisma)];
    let clock = T0;
    const rule = cooldown(60_000, { calls: 7, now: () => clock });
    const burst = () => Promise.all(Array.from({ length: 50 }, (_, call) => refusal(() => rule.check(member(processes[call % 2]!, 401), 'predict'))));

    const first = await burst();
    expect(first.filter((answer) => answer === undefined)).toHaveLength(7);
    expect(first.filter((answer) => answer?.code === 'cooldown')).toHaveLength(43);
    expect(first.find((answer) => answer)?.text.en).toMatch(/try again in 60 s/);

    clock = T0 + 59_999; // still inside the window in both processes
    expect((await refusal(() => rule.check(member(processes[1]!, 401), 'predict')))?.text.en).toMatch(/try again in 1 s/);
    clock = T0 + 60_000;
    const second = await burst();
    expect(second.filter((answer) => answer === undefined)).toHaveLength(7);
  });

  it('forgets a window once it has passed: its row is pruned, a live one is kept', async () => {
    const store = new PrismaRateLimits(db.prisma);
    let clock = T0 + 10_000_000; // later than every other test's clock, so their rows have expired too
    const rule = cooldown(60_000, { calls: 2, now: () => clock });
    const membersWithRows = async () =>
      (await db.prisma.rateLimitWindow.findMany({ select: { key: true } }))
        .map((row) => Number(/:1:(\d+)$/.exec(row.key)?.[1]))
        .filter((id) => id >= 501 && id <= 503)
        .sort();

    await rule.check(member(store, 501), 'predict');
    clock += PRUNE_EVERY_MS / 2;
    await rule.check(member(store, 502), 'predict');
    expect(await membersWithRows()).toEqual([501, 502]);
    clock += PRUNE_EVERY_MS / 2; // 501's window has passed, 502's has not, and a prune is due
    await rule.check(member(store, 503), 'predict');
    expect(await membersWithRows()).toEqual([502, 503]);
    expect(await db.prisma.rateLimitWindow.count({ where: { expiresAt: { lte: BigInt(clock) } } })).toBe(0);
  });
});
