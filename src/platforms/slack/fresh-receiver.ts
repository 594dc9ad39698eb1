// Bolt's HTTP receiver refuses a request whose signed timestamp is more than five minutes old, but
// not one from the future: a request signed ahead of time (a leaked signature, a skewed clock)
// would stay replayable for as long as its timestamp says. This refuses both directions with the
// same 401, before the body is read; Bolt then checks the signature as before.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions, type Logger } from '@slack/bolt';

/** Slack's window: a request is acted on only within five minutes of its timestamp. */
export const REQUEST_WINDOW_SECONDS = 5 * 60;

export class FreshHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions & { logger: Logger }) {
    super(options);
    const boltListener = this.requestListener;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      if (fromTheFuture(req.headers['x-slack-request-timestamp'])) {
        options.logger.warn('Refused a request whose x-slack-request-timestamp is more than five minutes in the future');
        res.writeHead(401).end();
        return;
      }
      boltListener(req, res);
    };
  }
}

function fromTheFuture(header: string | string[] | undefined): boolean {
  const timestamp = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + REQUEST_WINDOW_SECONDS;
}
