// Posts signed requests to the bot's request URL as Slack would, and reports how fast it acked.
import { sign, type SignOptions } from './signer.ts';

export interface Delivery {
  status: number;
  body: string;
  /** Milliseconds from sending to the bot's HTTP answer (Slack gives up after 3 s). */
  ackMs: number;
}

export class SlackSender {
  constructor(
    private readonly requestUrl: string,
    private readonly signingSecret: string,
  ) {}

  async send(request: { contentType: string; body: string }, options: SignOptions = {}): Promise<Delivery> {
    const signed = sign(this.signingSecret, request.body, request.contentType, options);
    const started = performance.now();
    const response = await fetch(this.requestUrl, { method: 'POST', headers: signed.headers, body: signed.body });
    const body = await response.text();
    return { status: response.status, body, ackMs: performance.now() - started };
  }
}
