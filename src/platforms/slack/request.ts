// One Slack request after its ack: who called and from where, the call into the dispatcher, and
// the delivery of its replies. Every listener goes through `serve`.
import type { webApi } from '@slack/bolt';
import type { Dispatcher } from '../../app/dispatcher.ts';
import type { DeliveryLog } from '../../core/ports.ts';
import type { Invocation } from '../../core/context.ts';
import { slackChannelDirectory } from './channel-directory.ts';
import { DmClosedError } from '../../core/errors.ts';
import { errorReply, type Language, type Reply } from '../../core/reply.ts';
import type { SlackFileAccess } from './attachments.ts';
import type { MemberDirectory } from './members.ts';
import { ProgressMessage } from './progress.ts';
import { Replier, type Surface } from './replier.ts';
import { TEXTS } from './texts.ts';

type WebClient = webApi.WebClient;

export interface SlackDeps {
  dispatcher: Dispatcher;
  members: MemberDirectory;
  /** Opens and updates modals only: no retries, no waiting behind other calls' rate limits. */
  viewsClient: WebClient;
  events: DeliveryLog;
  /** The bot token for url_private downloads, and the only origins it may go to. */
  files: SlackFileAccess;
  log: (message: string) => void;
}

export interface RequestSource extends Omit<Surface, 'client' | 'lang' | 'log'> {
  teamId: string;
  userName?: string;
}

export interface RequestScope {
  invocation: Invocation;
  lang: Language;
}

export async function serve(deps: SlackDeps, client: WebClient, source: RequestSource, work: (scope: RequestScope) => Promise<Reply[]>): Promise<void> {
  const { teamId, userName, ...surface } = source;
  const invocation = await buildInvocation(deps, client, source);
  const lang = await languageOf(deps, invocation);
  const replier = new Replier({ ...surface, client, lang, log: deps.log });
  const progress = new ProgressMessage((reply) => replier.postOrUpdateAnchor(reply), deps.log);
  invocation.progress = progress.report;
  let replies: Reply[];
  try {
    replies = await work({ invocation, lang });
  } catch (error) {
    if (!(error instanceof DmClosedError)) throw error;
    replies = [errorReply(TEXTS.dmClosed[lang])];
  } finally {
    await progress.close();
  }
  try {
    await replier.deliver(replies);
  } catch (error) {
    // A reply Slack refused (or a Web API outage) must not vanish silently: say so, plainly.
    deps.log(`slack: delivering a reply failed: ${(error as Error).message}`);
    await replier.deliver([errorReply(TEXTS.deliveryFailed[lang])]).catch(() => undefined);
  }
}

export async function buildInvocation(deps: SlackDeps, client: WebClient, source: RequestSource): Promise<Invocation> {
  const caller = await deps.members.lookup(client, source.teamId, source.userId, source.userName);
  return {
    classroom: { platform: 'slack', externalId: source.teamId },
    caller: { platformUserId: source.userId, ...caller },
    ...(source.channelId ? { channelId: source.channelId } : {}),
    members: slackChannelDirectory(client, deps.members, source.teamId, source.channelId),
  };
}

/** The member's language as the core settles it (their choice, else the workspace default). */
export async function languageOf(deps: SlackDeps, invocation: Invocation): Promise<Language> {
  try {
    const { language } = await deps.dispatcher.services.roster.resolve(invocation.classroom, invocation.caller);
    deps.members.rememberLanguage(invocation.classroom.externalId, invocation.caller.platformUserId, language);
    return language;
  } catch (error) {
    deps.log(`slack: could not resolve the caller's language: ${(error as Error).message}`);
    return invocation.caller.locale?.startsWith('ko') ? 'ko' : 'en';
  }
}
