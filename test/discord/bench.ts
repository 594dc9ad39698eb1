// Prints how fast the Discord adapter answers, measured against the local double with the real
// discord.js client and a real Postgres database (not a test: run it with
// `npx tsx test/discord/bench.ts`). Figures: connect time, time to the first response (Discord's
// 3-second budget) for /help and for a button click, one at a time and 20 at once, and RSS.
import { performance } from 'node:perf_hooks';
import { buttonsOf, openClassroom } from './harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const CONCURRENT = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const started = performance.now();
const room = await openClassroom();
const connectMs = performance.now() - started;
const student = room.student('bench');
const place = { guild: room.guild, channel: room.channel };

async function firstResponse(send: () => ReturnType<typeof room.discord.slash>): Promise<{ ack: number; done: number }> {
  const ix = send();
  // A command's answer is its original message; a click on the shared lesson answers with a follow-up.
  if (ix.type === 3) await room.discord.followUp(ix, () => true, 30_000);
  else await room.discord.answered(ix, () => true, 30_000);
  const last = room.discord.calls.filter((c) => c.path.includes(encodeURIComponent(ix.token))).at(-1)!;
  return { ack: ix.callbackAt! - ix.createdAt, done: last.at - ix.createdAt };
}

const lesson = await room.discord.answered(room.discord.slash(student, place, 'lesson', { number: 7 }));
const next = buttonsOf(lesson).find((b) => /Next/.test(b.label))!.id;

const results: Record<string, { ack: number[]; done: number[] }> = {};
for (const [name, send] of [
  ['/help', () => room.discord.slash(student, place, 'help')],
  ['/lesson 7', () => room.discord.slash(student, place, 'lesson', { number: 7 })],
  ['lesson Next click (deferUpdate + private follow-up)', () => room.discord.click(student, lesson, next)],
] as const) {
  const ack: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await firstResponse(send);
    ack.push(r.ack);
    done.push(r.done);
  }
  results[name] = { ack, done };
}

const burstStart = performance.now();
const burst = await Promise.all(
  Array.from({ length: CONCURRENT }, (_, i) => firstResponse(() => room.discord.slash(room.student(`burst${i}`), place, 'lesson', { number: 7 }))),
);
const burstMs = performance.now() - burstStart;

console.log(`Discord adapter against the local double (discord.js ${(await import('discord.js')).version}, ${ROUNDS} rounds each)`);
console.log(`connect (double + database + login to READY): ${fmt(connectMs)}`);
for (const [name, { ack, done }] of Object.entries(results)) {
  console.log(
    `${name}: first response p50 ${fmt(percentile(ack, 50))}, p95 ${fmt(percentile(ack, 95))}, max ${fmt(Math.max(...ack))}; last call p50 ${fmt(percentile(done, 50))}, p95 ${fmt(percentile(done, 95))}`,
  );
}
const burstAcks = burst.map((r) => r.ack);
console.log(
  `${CONCURRENT} new members' /lesson 7 at once: all answered in ${fmt(burstMs)}, first response p50 ${fmt(percentile(burstAcks, 50))}, max ${fmt(Math.max(...burstAcks))} (budget 3000 ms)`,
);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(`bodies the double refused: ${room.discord.problems.length}`);
await room.close().catch((error: unknown) => console.error(String(error)));
process.exit(0);
