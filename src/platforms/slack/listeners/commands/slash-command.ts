// Every slash command the manifest declares arrives here: ack at once (Slack waits 3 s), then read
// the text against the command's definition and run it through the dispatcher.
import type { App } from '@slack/bolt';
import type { Command } from '../../../../app/command.ts';
import type { Language, Reply } from '../../../../core/reply.ts';
import { parseCommandText, usageText } from '../../command-text.ts';
import { serve, type SlackDeps } from '../../request.ts';

export function registerSlashCommands(app: App, deps: SlackDeps): void {
  app.command(/^\/[\w-]+$/, async ({ ack, command, client }) => {
    await ack();
    const name = command.command.slice(1);
    await serve(
      deps,
      client,
      { teamId: command.team_id, userId: command.user_id, userName: command.user_name, channelId: command.channel_id, responseUrl: command.response_url },
      async ({ invocation, lang }) => {
        const definition = deps.dispatcher.command(name);
        // An unknown name (a command removed since the manifest was installed) gets the dispatcher's own answer.
        if (!definition) return deps.dispatcher.runCommand(invocation, name, {});
        const parsed = parseCommandText(definition, command.text ?? '', lang);
        if (!parsed.ok) return [usageReply(definition, parsed.problem, lang)];
        return deps.dispatcher.runCommand(invocation, name, parsed.args);
      },
    );
  });
}

function usageReply(command: Command, problem: string, lang: Language): Reply {
  const text = [problem, usageText(command, lang)].filter(Boolean).join('\n\n');
  return { blocks: [{ kind: 'text', text }], tone: 'warning', private: true };
}
