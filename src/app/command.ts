// The shape of a command, defined once under commands/ and registered by every platform adapter,
// and what its handler is given. Part of the command kit: it imports only the core.
import type { AttachmentRef, CallerRef, Invocation, ResolvedCaller, Role } from '../core/context.ts';
import type { Language, Localized, Replies } from '../core/reply.ts';
import type { ChallengeService } from '../core/challenge/challenge-service.ts';
import type { LessonCatalog } from '../core/lessons/content.ts';
import type { LessonService } from '../core/lessons/lesson-service.ts';
import type { DeliveryLog, RateLimitStore } from '../core/ports.ts';
import type { DataRightsService } from '../core/privacy/data-rights-service.ts';
import type { ProgressService } from '../core/progress/progress-service.ts';
import type { QuizService } from '../core/quiz/quiz-service.ts';
import type { ReviewService } from '../core/review/review-service.ts';
import type { RosterImports, RosterService } from '../core/roster/roster-service.ts';
import type { AnalyticsService } from '../core/analytics/analytics-service.ts';
import type { AnswerReviewService } from '../core/challenge/answer-review.ts';
import type { MemberMessages } from '../core/member-messages.ts';
import { checkCommand, type CommandOption, type LocalNames, type MessageMenu, type MessageShortcut, type Subcommand } from './command-shape.ts';

export type { Localized };
export type { CommandOption, LocalNames, MessageMenu, MessageShortcut, OptionType, Subcommand } from './command-shape.ts';

export type Args = Record<string, string | number | AttachmentRef | undefined> & { subcommand?: string };

/** Signed, expiring, single-use links to the web dashboard (src/dashboard). */
export interface DashboardLinks {
  /** A link for this instructor, and when it stops working. */
  mint(member: { memberId: number; classroomId: number; language: 'ko' | 'en' }): { url: string; expiresAt: Date };
}

export interface CoreServices {
  roster: RosterService;
  catalog: LessonCatalog;
  lessons: LessonService;
  quiz: QuizService;
  review: ReviewService;
  challenge: ChallengeService;
  answerReview: AnswerReviewService;
  progress: ProgressService;
  dataRights: DataRightsService;
  rosterImports: RosterImports;
  analytics: AnalyticsService;
}

/** Everything a command handler may call (ctx.services), built by createClassroom. */
export interface Services extends CoreServices {
  deliveries: DeliveryLog;
  rateLimits: RateLimitStore;
  /** DMs to members other than the caller; platforms register themselves as they start. */
  messages: MemberMessages;
  /** Mints dashboard sign-in links; absent when the dashboard is off (no DASHBOARD_PORT). */
  dashboardLinks?: DashboardLinks;
  /** Every command the dispatcher routes, core and plugins alike (for /help). */
  commands: readonly Command[];
  [service: string]: unknown;
}

export interface CommandContext extends Invocation {
  caller: CallerRef & ResolvedCaller;
  lang: Language;
  services: Services;
  /** Picks the caller's language from a pair written side by side. */
  t(text: Localized): string;
}

/** A reusable rule checked before a handler runs (Sapphire's preconditions). Throws UserError. */
export interface Precondition {
  name: string;
  check(ctx: CommandContext, commandName: string): Promise<void> | void;
}

export interface ActionInput {
  /** The parts of the action id after `command:verb:`. */
  params: string[];
  /** Chosen values of a select menu. */
  values?: string[];
  /** Text typed into a prompt (modal). */
  text?: string;
}

export interface ActionHandler {
  preconditions?: Precondition[];
  run(ctx: CommandContext, input: ActionInput): Promise<Replies>;
}

/** Where a command appears besides the dispatcher. Every field is optional. */
export interface Surfaces {
  /** A typed command (Discord and Slack slash commands, the console). Default: true. */
  slash?: boolean;
  /** Discord's message context menu. Needs an attachment option. */
  messageMenu?: MessageMenu;
  /** Slack's message shortcut. Needs an attachment option. */
  shortcut?: MessageShortcut;
  /** Fed every posted message with attachments (photo channels), beside the command itself. */
  photoListener?: AttachmentListener;
}

export interface Command {
  name: string;
  /** The command's name in other languages, e.g. { ko: '수업' }; English is `name`. */
  names?: LocalNames;
  description: Localized;
  /**
   * May take longer than a platform's 3-second acknowledgement (the classifier, a CSV): Discord
   * defers before any work starts. Default false; a command with an attachment option is always slow.
   */
  slow?: boolean;
  surfaces?: Surfaces;
  /** Options of a command without subcommands. */
  options?: CommandOption[];
  subcommands?: Subcommand[];
  /** Who may see the command in platform menus; the preconditions enforce it on the server. */
  requiredRole: Role;
  preconditions?: Precondition[];
  /** May be used in a DM, where there is no class channel (e.g. the quiz). */
  allowInDm?: boolean;
  run(ctx: CommandContext, args: Args): Promise<Replies>;
  /** Button, select and prompt handlers: action id `${name}:${verb}:${params...}`. */
  actions?: Record<string, ActionHandler>;
}

/** Something an adapter feeds every posted message with an attachment (photo channels). */
export interface AttachmentListener {
  name: string;
  handle(ctx: CommandContext, attachments: AttachmentRef[]): Promise<Replies | null>;
}

/**
 * Something an adapter feeds every message a member types to the bot in their DM that is not a
 * slash command (Discord and Slack DMs, a console line that is no command, button or prompt).
 */
export interface TextListener {
  name: string;
  handle(ctx: CommandContext, text: string): Promise<Replies | null>;
}

/** Checks the definition against Discord's and Slack's rules now, not when a platform refuses it. */
export function defineCommand(command: Command): Command {
  checkCommand(command);
  return command;
}

/** Whether a platform should defer before running the command (see `Command.slow`). */
export function isSlow(command: Command): boolean {
  const options = [...(command.options ?? []), ...(command.subcommands ?? []).flatMap((sub) => sub.options)];
  return command.slow === true || options.some((option) => option.type === 'attachment');
}

/** Whether the command is typed (slash commands, the console). */
export function isSlash(command: Command): boolean {
  return command.surfaces?.slash !== false;
}

/** The option a message's photo fills when the command runs from a menu or a shortcut. */
export function attachmentOption(command: Command): CommandOption | undefined {
  return command.options?.find((option) => option.type === 'attachment');
}
