// Photos wait their turn here, in this process, before the classifier sees them. When a teacher
// says "everyone, post your photo now", the backbone can run only a few at once: the rest wait in
// a bounded line that takes members round-robin (one member's ten photos don't push the class back
// ten places), tells a member their place when the wait is long, and refuses past its bound with
// "busy, try again in N s" instead of piling up until replies time out.
import { userError, type UserError } from '../../core/errors.ts';

export interface PhotoQueueLimits {
  /** Photos classified at once: the backbone's workers (one per core in process). */
  concurrency: number;
  /** Photos accepted and not yet answered, for everyone together (running ones included). */
  maxQueued: number;
  /** The same, for one member. */
  maxPerMember: number;
  /** A member hears "you're #k, about N s" when their answer is estimated at least this far off. */
  noticeAfterMs: number;
}

/** How long one photo holds a slot, as far as recent photos tell. */
export interface ServiceTimeEstimate {
  averageMs(): number;
  record(ms: number): void;
}

/**
 * An exponential moving average: recent photos count most, so the estimate follows a backbone
 * that warmed up, or a machine that got busy, within a few photos.
 */
export class MovingAverage implements ServiceTimeEstimate {
  constructor(
    private value: number,
    private readonly weight = 0.3,
  ) {}

  averageMs(): number {
    return this.value;
  }

  record(ms: number): void {
    this.value += this.weight * (ms - this.value);
  }
}

/** A waiting photo's place: `position` 1 starts next. */
export interface QueueWait {
  position: number;
  etaMs: number;
}

export interface PhotoJob<P, T> {
  /** Done before the photo joins the line (the download): holds a place in the bound, not a slot. */
  prepare: () => Promise<P>;
  /** Done in a slot (the classifier). */
  work: (prepared: P) => Promise<T>;
  /** Told once, when the photo waits long enough to be worth telling. */
  onWait?: (wait: QueueWait) => void | Promise<void>;
}

export interface PhotoQueueOptions extends PhotoQueueLimits {
  estimate: ServiceTimeEstimate;
  now?: () => number;
}

export const queueErrors = {
  busy: (seconds: number): UserError =>
    userError(
      'photo-queue.busy',
      `지금 반 전체의 사진이 많이 밀려 있어 이 사진은 받지 못했습니다. 약 ${seconds}초 뒤에 다시 올려 주세요.`,
      `The classifier is busy with the class's photos, so this one wasn't taken. Please try again in about ${seconds} s.`,
    ),
  restarting: (): UserError =>
    userError(
      'photo-queue.restarting',
      '분류기가 곧 다시 시작되어 이 사진은 처리하지 못했습니다. 1분쯤 뒤에 사진을 다시 올려 주세요.',
      "The classifier is restarting, so this photo wasn't classified. Please post it again in a minute.",
    ),
  memberBusy: (waiting: number, seconds: number): UserError =>
    userError(
      'photo-queue.member-busy',
      `보내신 사진 ${waiting}장이 아직 처리 중이라 이 사진은 받지 못했습니다. 약 ${seconds}초 뒤에 다시 올려 주세요.`,
      `You already have ${waiting} photos in line, so this one wasn't taken. Please try again in about ${seconds} s.`,
    ),
};

export const toSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** A photo in line: started when its turn comes, or refused (the bot is stopping). */
interface Waiting {
  start: () => void;
  refuse: (error: UserError) => void;
}

export class PhotoQueue {
  /** Waiting photos per member, oldest first; a member is in `ring` exactly while their line is not empty. */
  private readonly lines = new Map<string, Waiting[]>();
  /** Members with waiting photos, in the order they are served next (round-robin). */
  private readonly ring: string[] = [];
  private readonly admitted = new Map<string, number>();
  private readonly runningBy = new Map<string, number>();
  private admittedTotal = 0;
  private running = 0;
  private stopping = false;
  /** When stopping: the moment photos still waiting are refused (the platforms' grace, less a margin). */
  private refuseWaitingAt = Infinity;
  private readonly now: () => number;

  constructor(private readonly options: PhotoQueueOptions) {
    const { concurrency, maxQueued, maxPerMember } = options;
    if (!(concurrency >= 1 && maxQueued >= 1 && maxPerMember >= 1))
      throw new Error('the photo queue needs concurrency, maxQueued and maxPerMember of at least 1');
    this.now = options.now ?? Date.now;
  }

  get stats(): { running: number; waiting: number; admitted: number } {
    let waiting = 0;
    for (const line of this.lines.values()) waiting += line.length;
    return { running: this.running, waiting, admitted: this.admittedTotal };
  }

  /**
   * Takes the photo or refuses it at once (UserError), prepares it, waits for its turn and runs it.
   * Whatever `prepare` or `work` throws reaches the caller, and the place is given back: a corrupt
   * photo answers its own member with its error and stalls no one.
   */
  async run<P, T>(member: string, job: PhotoJob<P, T>): Promise<T> {
    this.admit(member);
    try {
      const prepared = await job.prepare();
      await this.turn(member, job.onWait);
      const started = this.now();
      try {
        return await job.work(prepared);
      } finally {
        this.options.estimate.record(this.now() - started);
        this.running -= 1;
        this.count(this.runningBy, member, -1);
        this.dispatch();
      }
    } finally {
      this.admittedTotal -= 1;
      this.count(this.admitted, member, -1);
    }
  }

  /**
   * The bot is stopping and will wait `graceMs` for acknowledged work: new photos are refused, a
   * waiting photo that can't be answered in time is refused now, and whatever still waits when the
   * time is up is refused then, each with "restarting, post it again", while the platform can still
   * say so. Photos already running finish.
   */
  stopTaking(graceMs: number): void {
    if (this.stopping) return;
    this.stopping = true;
    this.refuseWaitingAt = this.now() + graceMs;
    const hopeless = [...this.lines].flatMap(([member, line]) =>
      line.filter((job) => this.answerInMs(this.ahead(member, job) ?? 0) > graceMs).map((job) => [member, job] as const),
    );
    for (const [member, job] of hopeless) this.refuse(member, job);
    setTimeout(() => {
      for (const [member, line] of [...this.lines]) for (const job of [...line]) this.refuse(member, job);
    }, graceMs).unref();
  }

  private refuse(member: string, job: Waiting): void {
    const line = this.lines.get(member);
    const index = line?.indexOf(job) ?? -1;
    if (!line || index < 0) return;
    line.splice(index, 1);
    if (line.length === 0) {
      this.lines.delete(member);
      this.ring.splice(this.ring.indexOf(member), 1);
    }
    job.refuse(queueErrors.restarting());
  }

  private admit(member: string): void {
    if (this.stopping) throw queueErrors.restarting();
    const mine = this.admitted.get(member) ?? 0;
    if (mine >= this.options.maxPerMember) throw queueErrors.memberBusy(mine, toSeconds(this.memberRetryMs(member)));
    if (this.admittedTotal >= this.options.maxQueued) {
      // Long enough for what is already accepted to be answered: retrying sooner would only be refused again.
      throw queueErrors.busy(toSeconds(this.answerInMs(this.admittedTotal - this.running)));
    }
    this.admittedTotal += 1;
    this.count(this.admitted, member, 1);
  }

  /** Resolves when a slot is this photo's; tells the member their place if that takes long. */
  private async turn(member: string, onWait: PhotoJob<unknown, unknown>['onWait']): Promise<void> {
    // A photo admitted before the stop (its download was under way) keeps its turn while the
    // grace lasts: it was acknowledged, so it is answered, or refused below if it can't be in time.
    if (this.stopping && this.now() >= this.refuseWaitingAt) throw queueErrors.restarting();
    let job!: Waiting;
    const started = new Promise<void>((start, refuse) => (job = { start, refuse }));
    let line = this.lines.get(member);
    if (!line) {
      line = [];
      this.lines.set(member, line);
      this.ring.push(member);
    }
    line.push(job);
    this.dispatch();
    const ahead = this.ahead(member, job);
    if (ahead !== undefined && this.stopping && this.now() + this.answerInMs(ahead) > this.refuseWaitingAt) this.refuse(member, job);
    if (ahead !== undefined && onWait) {
      const etaMs = this.answerInMs(ahead);
      if (etaMs >= this.options.noticeAfterMs) {
        // The notice is a courtesy: a platform that fails to show it must not hold up the photo.
        Promise.resolve()
          .then(() => onWait({ position: ahead + 1, etaMs }))
          .catch(() => undefined);
      }
    }
    await started;
  }

  private dispatch(): void {
    while (this.running < this.options.concurrency && this.ring.length > 0) {
      const member = this.ring.shift()!;
      const line = this.lines.get(member)!;
      const job = line.shift()!;
      if (line.length > 0) this.ring.push(member);
      else this.lines.delete(member);
      this.running += 1;
      this.count(this.runningBy, member, 1);
      job.start();
    }
  }

  /**
   * How many waiting photos start before this one. Round-robin serves one photo per member per
   * round in ring order, so the i-th photo of a member waits for every member's first i photos,
   * plus the i-th photo of each member ahead of them in the ring. Undefined once it has started.
   */
  private ahead(member: string, job: Waiting): number | undefined {
    const index = this.lines.get(member)?.indexOf(job) ?? -1;
    if (index < 0) return undefined;
    const place = this.ring.indexOf(member);
    let ahead = index;
    this.ring.forEach((other, at) => {
      if (other !== member) ahead += Math.min(this.lines.get(other)!.length, index + (at < place ? 1 : 0));
    });
    return ahead;
  }

  /** When a photo with `ahead` photos waiting before it would be answered: slots free up `concurrency` at a time. */
  private answerInMs(ahead: number): number {
    return Math.ceil((ahead + this.running + 1) / this.options.concurrency) * this.options.estimate.averageMs();
  }

  /** When this member's earliest photo should be answered, freeing one of their places. */
  private memberRetryMs(member: string): number {
    if ((this.runningBy.get(member) ?? 0) > 0) return this.options.estimate.averageMs();
    const first = this.lines.get(member)?.[0];
    const ahead = first ? this.ahead(member, first) : undefined;
    return ahead === undefined ? this.options.estimate.averageMs() : this.answerInMs(ahead);
  }

  private count(map: Map<string, number>, member: string, change: number): void {
    const next = (map.get(member) ?? 0) + change;
    if (next > 0) map.set(member, next);
    else map.delete(member);
  }
}
