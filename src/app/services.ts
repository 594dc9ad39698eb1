// Everything a command handler may call. Built once by createClassroom (src/app/classroom.ts), in
// the composition root and in tests; each member is a platform-neutral core service. Plugins (the
// classifier) add their own services beside these under their own names.
import type { CallerRef, ClassroomRef, ResolvedCaller } from '../core/context.ts';
import { ChallengeService, type Grade } from '../core/challenge/challenge-service.ts';
import type { LessonCatalog } from '../core/lessons/content.ts';
import { LessonService } from '../core/lessons/lesson-service.ts';
import type { ClassroomStore } from '../core/ports.ts';
import { DataRightsService } from '../core/privacy/data-rights-service.ts';
import { ProgressService } from '../core/progress/progress-service.ts';
import { QuizService } from '../core/quiz/quiz-service.ts';
import { RosterImports, RosterService } from '../core/roster/roster-service.ts';
import { AnalyticsService } from '../core/analytics/analytics-service.ts';
import type { Command } from './command.ts';

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

export interface CoreServices {
  roster: RosterService;
  catalog: LessonCatalog;
  lessons: LessonService;
  quiz: QuizService;
  challenge: ChallengeService;
  progress: ProgressService;
  dataRights: DataRightsService;
  rosterImports: RosterImports;
  analytics: AnalyticsService;
}

export interface Services extends CoreServices {
  deliveries: DeliveryLog;
  rateLimits: RateLimitStore;
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
    progress: new ProgressService(catalog, store, roster),
    dataRights: new DataRightsService(store, roster),
    rosterImports: new RosterImports(store.roster),
    analytics: new AnalyticsService(catalog, store),
  };
}
