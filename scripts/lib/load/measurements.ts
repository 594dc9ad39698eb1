// Everything the run counts: per kind of request, its acks and reply times and what the replies
// said; per quiz answer, whether Slack's request was acknowledged and what the member was told.
import { isRefusal, type Verdict } from './replies.ts';

export type RequestKind = '/lesson 7' | 'lesson page' | '/quiz 7' | 'quiz answer' | 'photo';
export const KINDS: RequestKind[] = ['/lesson 7', 'lesson page', '/quiz 7', 'quiz answer', 'photo'];

export interface KindFigures {
  /** Every HTTP request sent (a double click counts twice). */
  sent: number;
  ackMs: number[];
  /** Requests answered with anything but HTTP 200 (or not answered at all). */
  notAcked: number;
  /**
   * Per logical request (a double click is one) that got what it asked for: from the first send
   * to the reply at the double. Refusals are counted in `said`, not timed: a quick "try again"
   * must not make the class look fast.
   */
  replyMs: number[];
  noReply: number;
  said: Partial<Record<Verdict, number>>;
}

/** One question of one student's quiz, however many clicks it took. */
export interface AnswerRecord {
  student: string;
  questionNumber: number;
  /** At least one click on it got HTTP 200: Slack considers it delivered. */
  acknowledged: boolean;
  /** Every answer the clicks got, in order (a refusal, then a retry's verdict, ...). */
  told: Verdict[];
}

export interface PhotoRecord {
  student: string;
  acknowledged: boolean;
  /** The first thing the member saw in the photo's thread (a queue note or the prediction). */
  firstWordMs?: number;
  /** The prediction, or a refusal: the last word on this photo. */
  answerMs?: number;
  verdict?: Verdict | 'prediction';
  notes: number;
}

export class Measurements {
  readonly kinds = new Map<RequestKind, KindFigures>(KINDS.map((k) => [k, { sent: 0, ackMs: [], notAcked: 0, replyMs: [], noReply: 0, said: {} }]));
  readonly answers: AnswerRecord[] = [];
  readonly photos: PhotoRecord[] = [];
  studentsFinished = 0;
  readonly stuck = new Map<string, number>();

  ack(kind: RequestKind, status: number | undefined, ackMs: number): boolean {
    const figures = this.kinds.get(kind)!;
    figures.sent += 1;
    if (status !== 200) {
      figures.notAcked += 1;
      return false;
    }
    figures.ackMs.push(ackMs);
    return true;
  }

  reply(kind: RequestKind, replyMs: number | undefined, verdict: Verdict | undefined): void {
    const figures = this.kinds.get(kind)!;
    if (replyMs === undefined || verdict === undefined) {
      figures.noReply += 1;
      return;
    }
    if (!isRefusal(verdict)) figures.replyMs.push(replyMs);
    figures.said[verdict] = (figures.said[verdict] ?? 0) + 1;
  }

  /** A student who could not go on (no reply, or refused past the retries), by where they stopped. */
  gaveUp(step: string): void {
    this.stuck.set(step, (this.stuck.get(step) ?? 0) + 1);
  }

  totalSaid(verdict: Verdict): number {
    let total = 0;
    for (const figures of this.kinds.values()) total += figures.said[verdict] ?? 0;
    return total;
  }
}
