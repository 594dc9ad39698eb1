// What reached the Slack double for a request, and what it told the member. The double records
// every call in order; a request's reply is looked for from the mark taken just before it was
// sent, so a reply that beats the HTTP ack back is still found.
import { textOf } from '../../../test/support/slack-double/blocks-read.ts';
import type { SlackDouble } from '../../../test/support/slack-double/server.ts';
import type { RecordedCall } from '../../../test/support/slack-double/types.ts';

/** What a reply said, as a member would read it (English: the bench's students use en-US). */
export type Verdict = 'ok' | 'generic-error' | 'db-unavailable' | 'busy' | 'delivery-failed' | 'already-answered';

const SAYS: [Verdict, RegExp][] = [
  ['generic-error', /Something went wrong|문제가 생겨 요청을 처리하지/],
  ['db-unavailable', /database isn't answering|데이터베이스가 응답하지/],
  ['busy', /\bbusy\b|바쁩니다/i],
  ['delivery-failed', /couldn't send my answer|답을 보내지 못했습니다/],
  ['already-answered', /You already answered question|이미 답한/],
];

/** The methods that put something in front of a member. */
const SHOWN = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url', 'views.open', 'views.update', 'views.push']);

export function shown(call: RecordedCall): boolean {
  return SHOWN.has(call.method) && call.outcome === 'ok';
}

export function textOfCall(call: RecordedCall): string {
  const view = call.args.view as { blocks?: unknown } | undefined;
  return [typeof call.args.text === 'string' ? call.args.text : '', textOf(call.args.blocks), textOf(view?.blocks)].join('\n');
}

export function verdictOf(call: RecordedCall): Verdict {
  const text = textOfCall(call);
  return SAYS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'ok';
}

/** True for the answers that tell the member to try again: the request did not do its work. */
export function isRefusal(verdict: Verdict): boolean {
  return verdict === 'generic-error' || verdict === 'db-unavailable' || verdict === 'busy' || verdict === 'delivery-failed';
}

export function responseUrlId(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

export function onResponseUrl(call: RecordedCall, urls: readonly string[]): boolean {
  return call.method === 'response_url' && urls.some((url) => responseUrlId(url) === call.args.response_url_id);
}

interface Waiter {
  match: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall | undefined) => void;
  timer: NodeJS.Timeout;
}

/** Waits for calls to the double with one listener for every waiting student. */
export class ReplyWatcher {
  private readonly waiters = new Set<Waiter>();
  private readonly unsubscribe: () => void;

  constructor(private readonly double: SlackDouble) {
    this.unsubscribe = double.onCall((call) => {
      for (const waiter of this.waiters) {
        if (!waiter.match(call)) continue;
        this.settle(waiter, call);
      }
    });
  }

  /** Where the record stands now: take it before sending a request. */
  mark(): number {
    return this.double.calls.length;
  }

  /** The first call since `from` that `match` accepts, or undefined once `timeoutMs` has passed. */
  since(from: number, match: (call: RecordedCall) => boolean, timeoutMs: number): Promise<RecordedCall | undefined> {
    const calls = this.double.calls;
    for (let i = from; i < calls.length; i++) if (match(calls[i]!)) return Promise.resolve(calls[i]);
    return new Promise((resolve) => {
      const waiter: Waiter = { match, resolve, timer: setTimeout(() => this.settle(waiter, undefined), timeoutMs) };
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const waiter of this.waiters) this.settle(waiter, undefined);
  }

  private settle(waiter: Waiter, call: RecordedCall | undefined): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(call);
  }
}
