// Routes a platform-neutral call to its command or action, runs the preconditions, and turns
// expected failures into private error replies. Every adapter goes through here, so what a
// student may do is decided once, on the server.
import type { AttachmentRef, Invocation } from '../core/context.ts';
import { DmClosedError, UserError } from '../core/errors.ts';
import { errorReply, toList, type Language, type Reply } from '../core/reply.ts';
import { parseActionId } from '../core/action-id.ts';
import type { ActionInput, Args, AttachmentListener, Command, CommandContext, Localized, TextListener } from './command.ts';
import { checkCommand } from './command-shape.ts';
import type { Services } from './services.ts';

export interface DispatcherOptions {
  /** Where unexpected errors go; never a user's secret, only the error. */
  log?: (message: string, error: unknown) => void;
  /** Tells a storage outage apart from a bug, so the member hears "try again" rather than "something broke". */
  isUnavailable?: (error: unknown) => boolean;
  /**
   * Runs a request's work while the storage notes whether any of its writes may have been saved, so
   * an outage is reported truthfully. Without it, an outage once the work began counts as "maybe saved".
   */
  traceWrites?: <T>(work: () => Promise<T>) => { done: Promise<T>; trace: { readonly mayHaveWritten: boolean } };
  /** What answers text typed in a DM (commands/direct-text.ts and plugins'); the first that answers wins. */
  textListeners?: TextListener[];
}

const OUTAGE_NOTHING_SAVED = {
  ko: '지금 수업 데이터베이스가 응답하지 않아 요청을 처리하지 못했어요. 이번 요청은 기록되지 않았어요. 잠시 후 다시 시도해 주세요. 지금까지의 기록은 안전해요.',
  en: "The class database isn't answering right now, so this wasn't recorded. Please try again in a minute; everything saved so far is safe.",
};
// Said when a write was sent and the database went quiet before confirming it: it may well be
// saved. Every write the commands make is idempotent (one answer per question, points once per
// reason), so doing it again is the way to find out, and it can't count twice.
const OUTAGE_MAYBE_SAVED = {
  ko: '수업 데이터베이스가 도중에 응답을 멈춰서 이번 요청이 저장되었는지 확인하지 못했어요. 잠시 후 다시 눌러 주세요. 다시 해도 두 번 기록되지 않으니 안전해요.',
  en: "The class database stopped answering partway through, so I couldn't confirm this was saved. Please try it again in a minute: repeating it is safe, nothing counts twice.",
};

export class Dispatcher {
  private readonly byName = new Map<string, Command>();
  private readonly listeners: AttachmentListener[];

  constructor(
    readonly commands: Command[],
    readonly services: Services,
    listeners: AttachmentListener[] = [],
    private readonly options: DispatcherOptions = {},
  ) {
    for (const command of commands) {
      if (this.byName.has(command.name)) throw new Error(`command /${command.name} is defined twice`);
      // Again here for a command written as a plain object rather than through defineCommand.
      checkCommand(command);
      this.byName.set(command.name, command);
    }
    // A command's photo listener (photo channels) is fed like a plugin's own listeners.
    this.listeners = [...listeners, ...commands.flatMap((command) => command.surfaces?.photoListener ?? [])];
  }

  command(name: string): Command | undefined {
    return this.byName.get(name);
  }

  async runCommand(invocation: Invocation, name: string, args: Args): Promise<Reply[]> {
    return this.guard(invocation, async (ctx) => {
      const command = this.byName.get(name);
      if (!command) {
        throw new UserError('unknown-command', {
          ko: `/${name} 명령은 더 이상 없어요. /help 로 지금 쓸 수 있는 명령을 확인하세요.`,
          en: `/${name} is no longer a command. Try /help for the current ones.`,
        });
      }
      for (const rule of command.preconditions ?? []) await rule.check(ctx, command.name);
      return toList(await command.run(ctx, args));
    });
  }

  async runAction(invocation: Invocation, id: string, input: Omit<ActionInput, 'params'> = {}): Promise<Reply[]> {
    return this.guard(invocation, async (ctx) => {
      const parsed = parseActionId(id);
      const command = parsed ? this.byName.get(parsed.command) : undefined;
      const handler = parsed && command?.actions?.[parsed.verb];
      if (!parsed || !command || !handler) {
        throw new UserError('stale-action', {
          ko: '이 버튼은 더 이상 쓸 수 없어요. 명령을 다시 실행해 주세요.',
          en: 'This button no longer works. Please run the command again.',
        });
      }
      for (const rule of [...(command.preconditions ?? []), ...(handler.preconditions ?? [])]) {
        await rule.check(ctx, command.name);
      }
      return toList(await handler.run(ctx, { ...input, params: parsed.params }));
    });
  }

  /** Offers a posted message's attachments to each listener; the first that answers wins. */
  async onAttachments(invocation: Invocation, attachments: AttachmentRef[]): Promise<Reply[]> {
    if (attachments.length === 0 || this.listeners.length === 0) return [];
    return this.guard(invocation, async (ctx) => {
      for (const listener of this.listeners) {
        const replies = await listener.handle(ctx, attachments);
        if (replies) return toList(replies);
      }
      return [];
    });
  }

  /** Text a member typed to the bot in their DM (not a command): never silence. */
  async onDirectText(invocation: Invocation, text: string): Promise<Reply[]> {
    return this.guard(invocation, async (ctx) => {
      for (const listener of this.options.textListeners ?? []) {
        const replies = await listener.handle(ctx, text);
        if (replies) return toList(replies);
      }
      return [];
    });
  }

  /** Builds the context (creating classroom and member on first use) and maps failures to replies. */
  private async guard(invocation: Invocation, work: (ctx: CommandContext) => Promise<Reply[]>): Promise<Reply[]> {
    let lang: Language = invocation.caller.locale?.startsWith('ko') ? 'ko' : 'en';
    // Until the work starts, nothing this request asked for can have been saved (finding or adding
    // the member isn't what they asked for).
    let mayHaveWritten = () => false;
    try {
      const resolved = await this.services.roster.resolve(invocation.classroom, invocation.caller);
      invocation.onResolved?.(resolved);
      lang = resolved.language;
      const ctx: CommandContext = {
        ...invocation,
        caller: { ...invocation.caller, ...resolved },
        lang,
        services: this.services,
        t: (text: Localized) => text[lang],
      };
      if (!this.options.traceWrites) {
        mayHaveWritten = () => true;
        return await work(ctx);
      }
      const { done, trace } = this.options.traceWrites(() => work(ctx));
      mayHaveWritten = () => trace.mayHaveWritten;
      return await done;
    } catch (error) {
      if (error instanceof UserError) return [errorReply(error.text[lang])];
      if (error instanceof DmClosedError) throw error;
      if (this.options.isUnavailable?.(error)) {
        this.options.log?.('database unavailable', error instanceof Error ? error.message : error);
        return [errorReply((mayHaveWritten() ? OUTAGE_MAYBE_SAVED : OUTAGE_NOTHING_SAVED)[lang])];
      }
      this.options.log?.('command failed', error);
      return [
        errorReply(
          lang === 'ko'
            ? '문제가 생겨 요청을 처리하지 못했어요. 잠시 후 다시 시도해 주세요. 기록은 그대로 남아 있어요.'
            : 'Something went wrong and the request was not completed. Please try again shortly; nothing was lost.',
        ),
      ];
    }
  }
}
