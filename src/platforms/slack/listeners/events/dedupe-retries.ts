// Slack redelivers an event (X-Slack-Retry-Num) when it thinks the first went unanswered. The
// event_id stays the same, so every delivery after the first is dropped here, before any listener:
// no second reply, no second score. The log lives in the shared database, so this holds across
// several bot processes and restarts.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../request.ts';

export function registerRetryDedupe(app: App, deps: SlackDeps): void {
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await deps.events.firstTime(`slack:${eventId}`))) {
      deps.log(`slack: dropped a repeated delivery of event ${eventId} (retry ${context.retryNum ?? '?'})`);
      return;
    }
    await next();
  });
}
