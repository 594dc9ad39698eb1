// Prints a load run the way an operator reads it: per kind of request, ack and reply percentiles
// and what the members were told; then the database's verdict on the quiz, photos, sessions, memory.
import { quantile } from '../stats.ts';
import { KINDS } from './measurements.ts';
import type { Verdict } from './replies.ts';
import type { LoadResult } from './run.ts';

/** Slack shows the member an error (and retries events) when the ack takes longer. */
const SLACK_ACK_LIMIT_MS = 3000;

const pct = (values: number[]) =>
  values.length ? [0.5, 0.95, 0.99].map((q) => (quantile(values, q) / 1000).toFixed(2).padStart(6)).join(' ') : '     -      -      -';

const VERDICT_NAMES: Record<Verdict, string> = {
  ok: 'answered',
  'generic-error': '"Something went wrong"',
  'db-unavailable': '"database isn\'t answering"',
  busy: 'busy',
  'delivery-failed': '"couldn\'t send my answer"',
  'already-answered': '"already answered"',
};

function said(counts: Partial<Record<Verdict, number>>): string {
  return (Object.keys(VERDICT_NAMES) as Verdict[])
    .filter((v) => v !== 'ok' && counts[v])
    .map((v) => `${counts[v]} ${VERDICT_NAMES[v]}`)
    .join(', ');
}

export function problemsOf(result: LoadResult): string[] {
  const problems: string[] = [];
  if (result.scoring.lost > 0) problems.push(`${result.scoring.lost} acknowledged quiz answer(s) were never scored`);
  if (result.scoring.badScores > 0) problems.push(`${result.scoring.badScores} attempt score(s) disagree with their answers`);
  const generic = result.shownByVerdict['generic-error'] ?? 0;
  if (generic > 0) problems.push(`${generic} "Something went wrong" answer(s)`);
  // A busy refusal is an answer ("try again in N s"); silence after an acknowledged photo is not.
  const silent = result.measurements.photos.filter((photo) => photo.acknowledged && photo.answerMs === undefined).length;
  if (silent > 0) problems.push(`${silent} acknowledged photo(s) never answered`);
  return problems;
}

export function printReport(result: LoadResult, print: (line: string) => void = console.log): void {
  const { options: o, measurements: m, scoring: s } = result;
  print('');
  print(
    `class: ${o.students} students over ${o.seconds} s, ${o.photos} photos over ${o.photoSeconds} s, ${Math.round(o.doubleClickRate * 100)}% double clicks, think ${o.thinkMs} ms (seed ${o.seed}); ${result.wallSeconds.toFixed(1)} s wall`,
  );
  const where = o.botProcess ? 'the real program (src/main.ts) in a process of its own' : 'the real Bolt app in this process';
  print(`signed HTTP requests → ${where} → the Slack double; a fresh Postgres database; the in-process classifier`);
  print('');
  print(`${'request'.padEnd(12)} ${'sent'.padStart(5)}  ack s: p50    p95    p99  answer s: p50    p95    p99  no reply  refused, repeated, late`);
  for (const kind of KINDS) {
    const f = m.kinds.get(kind)!;
    if (f.sent === 0) continue;
    const late = f.ackMs.filter((ms) => ms > SLACK_ACK_LIMIT_MS).length;
    const notAcked = [f.notAcked ? `${f.notAcked} not acked` : '', late ? `${late} acked after Slack's 3 s` : ''].filter(Boolean).join(', ');
    print(
      `${kind.padEnd(12)} ${String(f.sent).padStart(5)}       ${pct(f.ackMs)}           ${pct(f.replyMs)}  ${String(f.noReply).padStart(8)}  ${[said(f.said), notAcked].filter(Boolean).join('; ') || '-'}`,
    );
  }
  print('');
  const shown = said(result.shownByVerdict);
  print(`every message shown: ${shown || 'no refusals, no errors'}`);
  print(
    `students who finished the quiz: ${m.studentsFinished}/${o.students}${m.stuck.size ? `; stopped at: ${[...m.stuck].map(([step, n]) => `${step} ×${n}`).join(', ')}` : ''}`,
  );
  print(
    `quiz answers: ${s.acknowledged} acknowledged, ${s.scored} scored exactly once (database: ${s.storedRows} rows), ${s.lost} lost; ${s.refusedNotStored} refused and not stored, ${s.refusedButStored} refused although stored; ${s.badScores} bad attempt scores`,
  );
  const answered = m.photos.filter((p) => p.verdict === 'prediction');
  const firstWords = m.photos.flatMap((p) => (p.firstWordMs === undefined ? [] : [p.firstWordMs]));
  const refused = m.photos.filter((p) => p.verdict && p.verdict !== 'prediction').length;
  const silent = m.photos.filter((p) => p.verdict === undefined).length;
  if (m.photos.length) {
    print(
      `photos: ${answered.length}/${m.photos.length} classified, ${refused} refused, ${silent} never answered (failed: ${m.photos.length - answered.length}); ${m.photos.reduce((n, p) => n + p.notes, 0)} queue notes; first word p50/p95/p99 ${pct(firstWords)} s`,
    );
  }
  print(`postgres sessions on the class database: peak ${result.sessions.peak} (${result.sessions.peakActive} active at once)`);
  print(`peak RSS: ${result.peakRssMb.toFixed(0)} MB (${o.botProcess ? 'the bot process' : 'this process: bot, Slack double and driver together'})`);
  if (result.failureLogs.length) {
    print('the bot logged:');
    for (const [line, n] of result.failureLogs.slice(0, 8)) print(`  ${String(n).padStart(5)} × ${line}`);
  }
  const problems = problemsOf(result);
  print('');
  print(
    problems.length
      ? `FAILED: ${problems.join('; ')}`
      : 'OK: every acknowledged answer scored exactly once, every acknowledged photo answered, no generic errors',
  );
}
