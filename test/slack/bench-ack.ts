// npx tsx test/slack/bench-ack.ts [requests] [concurrency]
// Prints how fast the Slack app acknowledges signed slash commands (Slack allows 3 s) and how long
// until the reply reaches the Web API, with the real Bolt app, real Postgres and the Slack double.
import { createClassroom } from '../../src/app/classroom.ts';
import { startSlack } from '../../src/platforms/slack/index.ts';
import { createTestDatabase } from '../support/database.ts';
import { SlackSender } from '../support/slack-double/sender.ts';
import { SlackDouble } from '../support/slack-double/server.ts';
import { slashCommandForm } from '../support/slack-double/signer.ts';

const total = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 10);
const TOKEN = 'xoxb-bench';
const SECRET = 'bench-secret';

const db = await createTestDatabase();
const double = await new SlackDouble({ botToken: TOKEN, teamId: 'T0BENCH' }).start();
for (let i = 0; i < concurrency; i++) double.addUser({ id: `U0BENCH${i}`, name: `member${i}`, locale: i % 2 ? 'ko-KR' : 'en-US' });
const { dispatcher } = await createClassroom({ database: db.database });
const slack = await startSlack({ botToken: TOKEN, signingSecret: SECRET, apiUrl: double.apiUrl, port: 0, dispatcher, log: () => {} });
const sender = new SlackSender(`http://127.0.0.1:${slack.port}/slack/events`, SECRET);

const acks: number[] = [];
const replies: number[] = [];
async function one(i: number): Promise<void> {
  const user = `U0BENCH${i % concurrency}`;
  const channel = `C0BENCH${i}`;
  const form = slashCommandForm(
    { teamId: 'T0BENCH', userId: user },
    {
      command: '/lesson',
      text: `7 ${(i % 3) + 1}`,
      channelId: channel,
      responseUrl: double.responseUrl({ user, channel }),
      triggerId: double.triggerId(),
    },
  );
  const started = performance.now();
  const delivery = await sender.send(form);
  if (delivery.status !== 200) throw new Error(`HTTP ${delivery.status}`);
  acks.push(delivery.ackMs);
  await double.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === channel, 30_000);
  replies.push(performance.now() - started);
}

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) await one(next++);
  }),
);
const seconds = (performance.now() - started) / 1000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1);
console.log(`slash commands: ${total}, ${concurrency} at a time, ${(total / seconds).toFixed(1)} per second`);
console.log(`ack (HTTP 200)        p50 ${pct(acks, 50)} ms  p95 ${pct(acks, 95)} ms  max ${pct(acks, 100)} ms  (Slack's limit: 3000 ms)`);
console.log(`reply at the Web API  p50 ${pct(replies, 50)} ms  p95 ${pct(replies, 95)} ms  max ${pct(replies, 100)} ms`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

await slack.stop();
await double.stop();
await db.drop();
