// Slack redelivers an event (X-Slack-Retry-Num) when it thinks the first went unanswered. The
// event_id stays the same, so every delivery after the first is dropped here, before any listener:
// no second reply, no second score. The log lives in the shared database, so this holds across
// several bot processes and restarts.
//
// When the database can't be asked, the event goes through unchecked rather than being dropped:
// the listener then answers it (with "the class database isn't answering" if it is still down), so
// a posted photo never meets silence. The cost is at most a second answer to a retry that arrives
// during an outage; Bolt acknowledges events at once, so Slack rarely retries at all.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../request.ts';

export function registerRetryDedupe(app: App, deps: SlackDeps): void {
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await firstDelivery(deps, eventId))) {
      deps.log(`slack: dropped a repeated delivery of event ${eventId} (retry ${context.retryNum ?? '?'})`);
      return;
    }
    await next();
  });
}

async function firstDelivery(deps: SlackDeps, eventId: string): Promise<boolean> {
  try {
    return await deps.events.firstTime(`slack:${eventId}`);
  } catch (error) {
    deps.log(`slack: could not check event ${eventId} for a repeat, handling it anyway: ${(error as Error).message.split('\n', 1)[0]}`);
    return true;
  }
}
