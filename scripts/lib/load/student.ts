// One simulated student: /lesson 7, two pages (Next on the shared lesson, Next on their private
// page), /quiz 7, then every question answered in the DM. Some clicks go twice (a double click).
// After a refusal ("try again") a step is done again after a pause, twice at most, as a student
// would; with no reply at all, or refused three times, the student gives up there.
import { buttonsIn, textOf, type SeenButton } from '../../../test/support/slack-double/blocks-read.ts';
import type { Actor } from '../../../test/support/slack-double/signer.ts';
import type { RecordedCall, StoredMessage } from '../../../test/support/slack-double/types.ts';
import type { Sent, SlackRequests } from '../../../test/slack/harness.ts';
import type { Measurements, RequestKind } from './measurements.ts';
import { isRefusal, onResponseUrl, shown, verdictOf, type ReplyWatcher, type Verdict } from './replies.ts';

export interface StudentContext {
  requests: SlackRequests;
  watcher: ReplyWatcher;
  measurements: Measurements;
  random: () => number;
  doubleClickRate: number;
  thinkMs: number;
  replyTimeoutMs: number;
  /** How many questions lesson 7's quiz has. */
  questions: number;
}

const RETRIES = 2;
const RETRY_PAUSE_MS = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Outcome {
  verdict: Verdict | undefined;
  acknowledged: boolean;
  /** Every verdict the request's clicks got, in order. */
  told: Verdict[];
}

export class Student {
  private readonly dm: string;
  private readonly channel: string;

  constructor(
    private readonly ctx: StudentContext,
    private readonly actor: Actor,
  ) {
    this.dm = `D${actor.userId}`;
    // Each student runs /lesson in a channel of their own, so the lesson they get is theirs to find.
    this.channel = `C0L${actor.userId}`;
  }

  async run(): Promise<void> {
    const { double } = this.ctx.requests;
    const lesson = await this.persist(() => this.command('/lesson 7', (call) => call.method === 'chat.postMessage' && call.args.channel === this.channel));
    const shared =
      lesson.verdict === 'ok' && double.messages.filter((m) => m.channel === this.channel && !m.ephemeralFor && buttonsIn(m.blocks).some(isOpen)).at(-1);
    if (!shared) return this.ctx.measurements.gaveUp('/lesson 7');

    await this.think();
    const open = await this.persist(() => this.click('lesson page', shared, buttonsIn(shared.blocks).find(isOpen)!, () => false));
    const page = open.call && double.messages.find((m) => m.viaResponseUrl === open.call!.args.response_url_id);
    if (!page || !isPage(page)) return this.ctx.measurements.gaveUp('lesson page 1');

    await this.think();
    const next = buttonsIn(page.blocks).find((b) => b.actionId.startsWith('lesson:page:') && /Next/.test(b.text));
    if (!next) return this.ctx.measurements.gaveUp('lesson page 2 (no Next button)');
    const turned = await this.persist(() => this.click('lesson page', page, next, () => false));
    if (turned.verdict !== 'ok') return this.ctx.measurements.gaveUp('lesson page 2');

    await this.think();
    const quiz = await this.persist(() =>
      this.command('/quiz 7', (call) => call.method === 'chat.postMessage' && call.args.channel === this.dm && isQuestion(call, 1)),
    );
    if (quiz.verdict !== 'ok') return this.ctx.measurements.gaveUp('/quiz 7');
    for (let n = 1; n <= this.ctx.questions; n++) {
      const question = double.messages.filter((m) => m.channel === this.dm && questionNumber(m) === n && buttonsIn(m.blocks).length > 0).at(-1);
      if (!question) return this.ctx.measurements.gaveUp(`question ${n} (not shown)`);
      await this.think();
      const buttons = buttonsIn(question.blocks);
      const choice = buttons[Math.floor(this.ctx.random() * buttons.length)]!;
      const from = this.ctx.watcher.mark();
      const answered = await this.answer(n, question, choice);
      // "Already answered" after a refusal: the refusal was wrong, and the quiz has moved on.
      if (answered !== 'ok' && answered !== 'already-answered') return this.ctx.measurements.gaveUp(`question ${n}`);
      // The next question (or the score card) follows the answer's update.
      const following = (call: RecordedCall) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === this.dm &&
        (n < this.ctx.questions ? isQuestion(call, n + 1) : /Quiz results/.test(textOf(call.args.blocks)));
      const after = await this.ctx.watcher.since(from, following, this.ctx.replyTimeoutMs);
      if (!after) return this.ctx.measurements.gaveUp(n < this.ctx.questions ? `question ${n + 1} (never came)` : 'the score card');
    }
    this.ctx.measurements.studentsFinished += 1;
  }

  /** Answers question `n`, clicking again after a refusal; records what the clicks were told. */
  private async answer(n: number, question: StoredMessage, choice: SeenButton): Promise<Verdict | undefined> {
    const record = { student: this.actor.userId, questionNumber: n, acknowledged: false, told: [] as Verdict[] };
    this.ctx.measurements.answers.push(record);
    const updated = (call: RecordedCall) => call.method === 'chat.update' && call.args.ts === question.ts && call.outcome === 'ok';
    const outcome = await this.persist(async (retry) => {
      const clicked = await this.click('quiz answer', question, choice, updated, retry);
      record.acknowledged ||= clicked.acknowledged;
      record.told.push(...clicked.told);
      return clicked;
    });
    return outcome.verdict;
  }

  /** Does `step` again after a refusal ("try again"), as a student would, at most RETRIES times. */
  private async persist<T extends { verdict: Verdict | undefined }>(step: (retry: boolean) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await step(attempt > 0);
      if (!outcome.verdict || !isRefusal(outcome.verdict) || attempt >= RETRIES) return outcome;
      await sleep(RETRY_PAUSE_MS);
    }
  }

  private async command(line: string, done: (call: RecordedCall) => boolean): Promise<{ verdict: Verdict | undefined }> {
    const kind = line as RequestKind;
    const started = Date.now();
    const from = this.ctx.watcher.mark();
    let sent: Sent;
    try {
      sent = await this.ctx.requests.command(this.actor, line, this.channel);
    } catch {
      this.ctx.measurements.ack(kind, undefined, 0);
      return { verdict: undefined };
    }
    this.ctx.measurements.ack(kind, sent.status, sent.ackMs);
    // A refusal comes privately, through the command's response_url.
    const reply = await this.ctx.watcher.since(
      from,
      (call) => shown(call) && (done(call) || (onResponseUrl(call, [sent.responseUrl]) && isRefusal(verdictOf(call)))),
      this.ctx.replyTimeoutMs,
    );
    const verdict = reply && verdictOf(reply);
    this.ctx.measurements.reply(kind, reply && reply.at - started, verdict);
    return { verdict };
  }

  /**
   * One click (two, some of the time, 0–150 ms apart). Its reply is the first call that `done`
   * accepts or that arrives on one of its response_urls, except an "already answered" note: the
   * other click of a double click gets that while the first one's update is on its way, so the
   * click is over on such notes only when every copy got one (or when it is a retry).
   */
  private async click(
    kind: RequestKind,
    message: StoredMessage,
    button: SeenButton,
    done: (call: RecordedCall) => boolean,
    retry = false,
  ): Promise<Outcome & { call?: RecordedCall }> {
    const copies = this.ctx.random() < this.ctx.doubleClickRate ? 2 : 1;
    const started = Date.now();
    const from = this.ctx.watcher.mark();
    const urls: string[] = [];
    const told: Verdict[] = [];
    let acknowledged = false;
    let alreadyNotes = 0;
    const sends = Array.from({ length: copies }, async (_, i) => {
      if (i > 0) await sleep(Math.floor(this.ctx.random() * 150));
      try {
        const sent = await this.ctx.requests.click(this.actor, message, button);
        urls.push(sent.responseUrl);
        acknowledged = this.ctx.measurements.ack(kind, sent.status, sent.ackMs) || acknowledged;
      } catch {
        this.ctx.measurements.ack(kind, undefined, 0);
      }
    });
    // The first copy's response_url is known once its request is out; waiting starts after all are.
    await Promise.all(sends);
    const reply = await this.ctx.watcher.since(
      from,
      (call) => {
        if (!shown(call)) return false;
        if (done(call)) return true;
        if (!onResponseUrl(call, urls)) return false;
        const verdict = verdictOf(call);
        told.push(verdict);
        if (verdict !== 'already-answered') return true;
        alreadyNotes += 1;
        return retry || alreadyNotes >= copies;
      },
      this.ctx.replyTimeoutMs,
    );
    const verdict = reply && (done(reply) ? 'ok' : verdictOf(reply));
    if (reply && done(reply)) told.push('ok');
    this.ctx.measurements.reply(kind, reply && reply.at - started, verdict);
    return { verdict, acknowledged, told, ...(reply ? { call: reply } : {}) };
  }

  private think(): Promise<void> {
    return sleep(this.ctx.thinkMs * (0.5 + this.ctx.random()));
  }
}

const isOpen = (b: SeenButton) => b.actionId.startsWith('lesson:open:');

function isPage(message: StoredMessage): boolean {
  return /\(\d+\//.test(textOf(message.blocks));
}

function questionNumber(message: StoredMessage): number | undefined {
  const found = /Quiz · Lesson 7 — (\d+)\//.exec(textOf(message.blocks));
  return found ? Number(found[1]) : undefined;
}

function isQuestion(call: RecordedCall, n: number): boolean {
  return new RegExp(`Quiz · Lesson 7 — ${n}/`).test(textOf(call.args.blocks)) && buttonsIn(call.args.blocks).length > 0;
}
