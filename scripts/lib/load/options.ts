// The knobs of `npm run bench:load`: the class's size and pace, the photo burst, the double clicks.
import { parseArgs } from 'node:util';

export { seededRandom } from '../../../src/classifier/pipeline/random.ts';

export interface LoadOptions {
  students: number;
  /** Students arrive evenly over this many seconds. */
  seconds: number;
  photos: number;
  /** The photos are posted evenly over this many seconds, in the middle of the students' window. */
  photoSeconds: number;
  /** The share of clicks a student sends twice (a double click, 0–150 ms apart). */
  doubleClickRate: number;
  /** A student's pause between seeing a reply and the next click, on average (uniform ±50%). */
  thinkMs: number;
  /** How long a student waits for any one reply before giving up on it (counted as "no reply"). */
  replyTimeoutMs: number;
  /** Classify one photo before the clock starts, so the figures are a running bot's, not a cold start's. */
  warm: boolean;
  seed: number;
  /**
   * The bot as the real program (src/main.ts) in a process of its own (the default), or, with
   * --in-process, the test harness's Bolt app in the driver's process (quicker to start, but the
   * Slack double and the driver then share the bot's event loop and its memory figure).
   */
  botProcess: boolean;
}

export const DEFAULTS: LoadOptions = {
  students: 200,
  seconds: 60,
  photos: 50,
  photoSeconds: 10,
  doubleClickRate: 0.2,
  thinkMs: 1000,
  replyTimeoutMs: 60_000,
  warm: true,
  seed: 7,
  botProcess: true,
};

const USAGE = `npm run bench:load -- [--students 200] [--seconds 60] [--photos 50] [--photo-seconds 10]
       [--double-click-rate 0.2] [--think-ms 1000] [--reply-timeout 60] [--cold] [--seed 7] [--in-process]`;

export function readLoadOptions(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      students: { type: 'string' },
      seconds: { type: 'string' },
      photos: { type: 'string' },
      'photo-seconds': { type: 'string' },
      'double-click-rate': { type: 'string' },
      'think-ms': { type: 'string' },
      'reply-timeout': { type: 'string' },
      cold: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, raw: string | undefined, fallback: number, ok: (n: number) => boolean): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !ok(n)) throw new Error(`--${name} "${raw}" is not valid\n${USAGE}`);
    return n;
  };
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  return {
    students: number('students', values.students, DEFAULTS.students, (n) => whole(n) && n > 0),
    seconds: number('seconds', values.seconds, DEFAULTS.seconds, (n) => n >= 0),
    photos: number('photos', values.photos, DEFAULTS.photos, whole),
    photoSeconds: number('photo-seconds', values['photo-seconds'], DEFAULTS.photoSeconds, (n) => n >= 0),
    doubleClickRate: number('double-click-rate', values['double-click-rate'], DEFAULTS.doubleClickRate, (n) => n >= 0 && n <= 1),
    thinkMs: number('think-ms', values['think-ms'], DEFAULTS.thinkMs, (n) => n >= 0),
    replyTimeoutMs: number('reply-timeout', values['reply-timeout'], DEFAULTS.replyTimeoutMs / 1000, (n) => n > 0) * 1000,
    warm: !values.cold,
    seed: number('seed', values.seed, DEFAULTS.seed, whole),
    botProcess: !values['in-process'],
  };
}
