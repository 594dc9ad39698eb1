// Everything the Slack app listens to, grouped like Bolt's starter template.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../request.ts';
import { registerBlockActions } from './actions/block-action.ts';
import { registerSlashCommands } from './commands/slash-command.ts';
import { registerRetryDedupe } from './events/dedupe-retries.ts';
import { registerDirectMessages } from './events/direct-message.ts';
import { registerMessageFiles } from './events/message-files.ts';
import { registerClassifyPhoto } from './shortcuts/classify-photo.ts';
import { registerPromptSubmission } from './views/prompt-submission.ts';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerRetryDedupe(app, deps);
  registerSlashCommands(app, deps);
  registerBlockActions(app, deps);
  registerPromptSubmission(app, deps);
  registerMessageFiles(app, deps);
  registerDirectMessages(app, deps);
  registerClassifyPhoto(app, deps);
}
