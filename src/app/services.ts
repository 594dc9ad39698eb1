// Everything a command handler may call. Built once by createClassroom (src/app/classroom.ts), in
// the composition root and in tests; each member is a platform-neutral core service. Plugins (the
// classifier) add their own services beside these under their own names.
import type { CallerRef, ClassroomRef, ResolvedCaller } from '../core/context.ts';
import { AnswerReviewService } from '../core/challenge/answer-review.ts';
import { ChallengeService, type Grade } from '../core/challenge/challenge-service.ts';
import type { LessonCatalog } from '../core/lessons/content.ts';
import { LessonService } from '../core/lessons/lesson-service.ts';
import type { ClassroomStore } from '../core/ports.ts';
import { DataRightsService } from '../core/privacy/data-rights-service.ts';
import { ProgressService } from '../core/progress/progress-service.ts';
import { QuizService } from '../core/quiz/quiz-service.ts';
import { RosterService } from '../core/roster/roster-service.ts';
import type { Command } from './command.ts';
import type { MemberMessages } from './member-messages.ts';

/** Finds or creates the classroom and member behind a call, and settles the member's role and language. */
export interface Roster {
  resolve(classroom: ClassroomRef, caller: CallerRef): Promise<ResolvedCaller>;
}

/** Which platform deliveries were already handled (e.g. Slack's event_id on a retry). */
export interface DeliveryLog {
  /** True for the first delivery of `key`, false for every repeat, across processes and restarts. */
  firstTime(key: string): Promise<boolean>;
}

/** A window of `calls` slots per `windowMs`, counted per key (member, command and rule). */
export interface RateLimitWindow {
  windowMs: number;
  calls: number;
}

export type SlotAnswer = { taken: true } | { taken: false; retryAfterMs: number };

/** Fair-use windows every bot process on one database counts alike (the cooldown precondition). */
export interface RateLimitStore {
  /**
   * Takes one slot of the window ending at `at` (epoch ms), atomically: of any number of racing
   * calls for one key, across processes, at most `calls` succeed; a refused one learns when the
   * oldest call in the window leaves it.
   */
  take(key: string, window: RateLimitWindow, at: number): Promise<SlotAnswer>;
}

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
  challenge: ChallengeService;
  answerReview: AnswerReviewService;
  progress: ProgressService;
  dataRights: DataRightsService;
}

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

export function createCoreServices(store: ClassroomStore, catalog: LessonCatalog, grade?: Grade): CoreServices {
  const roster = new RosterService(store.roster);
  return {
    roster,
    catalog,
    lessons: new LessonService(catalog, store),
    quiz: new QuizService(catalog, store),
    challenge: new ChallengeService(catalog, store, grade),
    answerReview: new AnswerReviewService(store, roster),
    progress: new ProgressService(catalog, store, roster),
    dataRights: new DataRightsService(store, roster),
  };
}
