// The load run: a class arriving over `seconds`, each student on their own schedule, and the photo
// burst in the middle of it; then the database's count of what was scored. Returns the figures;
// printing them is report.ts's job, so a test can run this with a tiny class.
import { seededRandom, type LoadOptions } from './options.ts';
import { Measurements } from './measurements.ts';
import { sampleSessions } from './pg-sessions.ts';
import { postPhoto } from './photos.ts';
import { ReplyWatcher, shown, verdictOf, type Verdict } from './replies.ts';
import { checkScoring, type ScoringCheck } from './scoring.ts';
import { distinctPhotos, startSlackClass } from './slack-class.ts';
import { Student } from './student.ts';

export interface LoadResult {
  options: LoadOptions;
  measurements: Measurements;
  scoring: ScoringCheck;
  /** Every message a member was shown during the run, by what it said. */
  shownByVerdict: Partial<Record<Verdict, number>>;
  sessions: { peak: number; peakActive: number };
  peakRssMb: number;
  wallSeconds: number;
  /** The bot's log lines that name a failure, distinct, with how often each came. */
  failureLogs: [string, number][];
}

const at = (startedAt: number, ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + ms - Date.now())));

export async function runLoad(options: LoadOptions, progress: (line: string) => void = () => {}): Promise<LoadResult> {
  const random = seededRandom(options.seed);
  const photos = await distinctPhotos(options.photos + (options.warm ? 1 : 0));
  const warmPhoto = options.warm ? photos.pop() : undefined;
  const slackClass = await startSlackClass(options.students, options.botProcess);
  const { requests, students } = slackClass;
  const watcher = new ReplyWatcher(requests.double);
  const measurements = new Measurements();
  let finished = false;
  try {
    if (warmPhoto) {
      // Off the books: the backbone and head load here, as they would have in a running bot.
      await postPhoto(requests, watcher, new Measurements(), students[0]!, warmPhoto, options.replyTimeoutMs);
      progress('warm-up photo answered; the clock starts');
    }
    const sessions = await sampleSessions(slackClass.databaseName);
    const ctx = {
      requests,
      watcher,
      measurements,
      random,
      doubleClickRate: options.doubleClickRate,
      thinkMs: options.thinkMs,
      replyTimeoutMs: options.replyTimeoutMs,
      questions: slackClass.questionsPerAttempt,
    };
    const startedAt = Date.now();
    const spacing = (options.seconds * 1000) / options.students;
    const studentRuns = students.map(async (actor, i) => {
      await at(startedAt, i * spacing);
      await new Student(ctx, actor).run();
    });
    // "Everyone, post your photo now": in the middle of the class, while quiz answers flow.
    const photoStart = Math.max(0, (options.seconds - options.photoSeconds) / 2) * 1000;
    const photoSpacing = options.photos ? (options.photoSeconds * 1000) / options.photos : 0;
    const photoRuns = photos.map(async (photo, i) => {
      await at(startedAt, photoStart + i * photoSpacing);
      await postPhoto(requests, watcher, measurements, students[i % students.length]!, photo, options.replyTimeoutMs);
    });
    const ticker = setInterval(
      () =>
        progress(
          `${Math.round((Date.now() - startedAt) / 1000)} s: ${measurements.studentsFinished}/${students.length} students done, ${measurements.photos.filter((p) => p.answerMs !== undefined).length}/${photos.length} photos answered`,
        ),
      10_000,
    );
    await Promise.all([...studentRuns, ...photoRuns]);
    clearInterval(ticker);
    const wallSeconds = (Date.now() - startedAt) / 1000;
    const session = await sessions.stop();
    const peakRssMb = slackClass.peakRssMb();
    const failureLogs = distinctFailures(slackClass.logs());
    finished = true;
    const scoring = await slackClass.finish((prisma) => checkScoring(prisma, measurements.answers, slackClass.quizIds));
    return {
      options,
      measurements,
      scoring,
      shownByVerdict: countShown(requests.double.calls),
      sessions: { peak: session.peak, peakActive: session.peakActive },
      peakRssMb,
      wallSeconds,
      failureLogs,
    };
  } finally {
    watcher.close();
    if (!finished) await slackClass.finish(async () => undefined);
  }
}

function countShown(calls: Parameters<typeof verdictOf>[0][]): Partial<Record<Verdict, number>> {
  const counts: Partial<Record<Verdict, number>> = {};
  for (const call of calls) {
    if (!shown(call)) continue;
    const verdict = verdictOf(call);
    counts[verdict] = (counts[verdict] ?? 0) + 1;
  }
  return counts;
}

/**
 * Log entries that say something failed, grouped: an entry's first line and its last (a Prisma
 * error's cause comes after its code frame), stack frames dropped, numbers and ids folded.
 */
function distinctFailures(logs: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const entry of logs) {
    if (!/fail|error|unavailable|timed out|P\d{4}/i.test(entry)) continue;
    const lines = entry
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('at '));
    const summary = lines.length > 1 ? `${lines[0]} … ${lines.at(-1)}` : (lines[0] ?? '');
    const key = summary
      .replace(/\b[UCDFV]0[A-Z0-9]+\b/g, '…')
      .replace(/\d+/g, 'N')
      .slice(0, 200);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
