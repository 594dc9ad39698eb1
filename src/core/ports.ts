// What the core needs from storage, in the core's own terms. src/db/repositories implements these
// over Prisma; no Prisma type crosses this line, so the rules in src/core read as plain TypeScript.
import type { ClassroomRef, PlatformName, Role } from './context.ts';
import type { Language } from './reply.ts';

export interface ClassroomRecord {
  id: number;
  platform: PlatformName;
  externalId: string;
  name: string | null;
  defaultLanguage: Language;
}

export interface MemberRecord {
  id: number;
  classroomId: number;
  platformUserId: string;
  displayName: string;
  /** The role the core settled on at the member's last call (platform's word or an instructor's grant). */
  role: Role;
  /** Instructor granted inside the bot by another instructor, kept apart from what the platform says. */
  grantedRole: Role | null;
  /** The member's own choice; null follows the platform locale or the classroom default. */
  language: Language | null;
  /** Shown by name on the public leaderboard only when the member chose it (/privacy); else "Student N". */
  showNameOnLeaderboard: boolean;
  /** Erased members (/mydata delete) stay as anonymous placeholders holding quiz statistics. */
  erased: boolean;
  /** The school's student id, from an uploaded roster (Canvas's SIS User ID). */
  studentId: string | null;
  /** From an uploaded roster. */
  email: string | null;
}

/** The platform user id of a roster member who has not used the bot yet (an uploaded roster's row). */
export const ROSTER_PLACEHOLDER_PREFIX = 'roster:';

/** One member as a roster lists them: the platform's member list or a line of an uploaded CSV. */
export interface RosterEntry {
  /** Known for platform members (and CSV rows with a platform id column). */
  platformUserId?: string;
  displayName: string;
  studentId?: string;
  email?: string;
  /** What the platform says (Discord's instructor role, Slack admins); CSV rows leave it unset. */
  role?: Role;
}

export interface RosterImportResult {
  /** Members the roster brought in who were not known before. */
  added: MemberRecord[];
  /** Known members whose student id or email the roster filled in or changed. */
  updated: MemberRecord[];
  unchanged: number;
}

/** Who the core acts for: the member's ids only; roles are always re-read from storage. */
export interface MemberRef {
  memberId: number;
  classroomId: number;
}

export interface RosterRepository {
  /** Finds or creates the classroom; two first calls at once both get the same row. */
  ensureClassroom(ref: ClassroomRef): Promise<ClassroomRecord>;
  /**
   * Finds or creates the member; two first calls at once both get the same row. A new member takes
   * over the one roster placeholder of the same name, if there is exactly one (an uploaded roster's
   * student using the bot for the first time), so their row, id and student id carry on.
   */
  ensureMember(classroomId: number, platformUserId: string, displayName: string): Promise<MemberRecord>;
  updateMember(
    memberId: number,
    patch: Partial<Pick<MemberRecord, 'displayName' | 'role' | 'grantedRole' | 'language' | 'showNameOnLeaderboard'>>,
  ): Promise<MemberRecord>;
  findClassroom(classroomId: number): Promise<ClassroomRecord | null>;
  findMember(memberId: number): Promise<MemberRecord | null>;
  findByPlatformId(classroomId: number, platformUserId: string): Promise<MemberRecord | null>;
  findByDisplayName(classroomId: number, displayName: string): Promise<MemberRecord[]>;
  listMembers(classroomId: number): Promise<MemberRecord[]>;
  /**
   * Adds or updates every entry, matched to a known member by platform id, then student id, then
   * email, then a unique name; all in one transaction, so a failure leaves the class as it was.
   * Imports into one classroom run one at a time.
   */
  importMembers(classroomId: number, entries: RosterEntry[]): Promise<RosterImportResult>;
}

export interface LessonProgressRecord {
  memberId: number;
  lessonId: number;
  /** The section (0-based) the member last looked at. */
  position: number;
  /** 0-based section indexes, each once. */
  sectionsSeen: number[];
  completedAt: Date | null;
  updatedAt: Date;
}

export interface LessonProgressRepository {
  find(memberId: number, lessonId: number): Promise<LessonProgressRecord | null>;
  /**
   * Adds a section to what the member has seen (`newlySeen` only the first time) and, unless `move`
   * is false, moves their own page there.
   */
  recordView(
    memberId: number,
    lessonId: number,
    section: number,
    options?: { move?: boolean },
  ): Promise<{ progress: LessonProgressRecord; newlySeen: boolean }>;
  /** Sets the completion time once; later calls keep the first. */
  markCompleted(memberId: number, lessonId: number): Promise<void>;
  listForMembers(memberIds: number[]): Promise<LessonProgressRecord[]>;
}

export interface QuizAnswerRecord {
  questionId: string;
  /** The option id picked. */
  choice: string;
  correct: boolean;
  /** The option ids in the order the member saw them (A first); empty on answers from before shuffling. */
  shownOrder: string[];
  answeredAt: Date;
}

export interface QuizAttemptRecord {
  id: number;
  memberId: number;
  lessonId: number;
  startedAt: Date;
  finishedAt: Date | null;
  score: number;
  /** The questions drawn for the attempt, in order; empty on attempts from before the bank (the seed questions). */
  questionIds: string[];
  answers: QuizAnswerRecord[];
}

export type RecordAnswerResult = { recorded: true } | { recorded: false; existing: QuizAnswerRecord };

export interface QuizRepository {
  /**
   * The member's unfinished attempt at the lesson, or a new one when there is none. Serialized per
   * member, so a double-clicked "start" or "retake" opens one attempt, not two. A new attempt asks
   * `questionIds`; a found one keeps its own.
   */
  openOrCreateAttempt(memberId: number, lessonId: number, questionIds: string[]): Promise<{ attempt: QuizAttemptRecord; created: boolean }>;
  findAttempt(attemptId: number): Promise<QuizAttemptRecord | null>;
  /**
   * Stores the answer unless the attempt already has one for that question (then returns that one).
   * A wrong answer also makes the question due for review now (see ReviewRepository), in the same
   * write: an answer is never stored without its review, nor a review without its answer.
   */
  recordAnswer(attempt: Pick<QuizAttemptRecord, 'id' | 'memberId' | 'lessonId'>, answer: Omit<QuizAnswerRecord, 'answeredAt'>): Promise<RecordAnswerResult>;
  /** Closes the attempt once; later calls leave the first finish time. */
  finishAttempt(attemptId: number): Promise<void>;
  listAttempts(memberIds: number[], lessonId?: number): Promise<QuizAttemptRecord[]>;
}

/** A question a member missed, on its way back (/review): right twice on different days and it is done. */
export interface ReviewItemRecord {
  id: number;
  memberId: number;
  lessonId: number;
  questionId: string;
  /** Right answers since the last miss. */
  rightCount: number;
  dueAt: Date;
  doneAt: Date | null;
  /** Which showing of the item a button belongs to; every answer and every miss moves it on. */
  round: number;
  lastAnswerAt: Date | null;
  createdAt: Date;
}

export type ReviewSchedule = Pick<ReviewItemRecord, 'rightCount' | 'dueAt' | 'doneAt'>;

export interface ReviewRepository {
  listItems(memberId: number, lessonId: number): Promise<ReviewItemRecord[]>;
  listForMembers(memberIds: number[]): Promise<ReviewItemRecord[]>;
  findItem(itemId: number): Promise<ReviewItemRecord | null>;
  /**
   * Applies an answer given at `round`: the item takes `next` and moves to the following round, in
   * one conditional update. False when the item is no longer at `round` (a double click, a second
   * device): nothing changes then.
   */
  answer(itemId: number, round: number, next: ReviewSchedule, at: Date): Promise<boolean>;
}

export interface ChallengeAnswerRecord {
  id: number;
  memberId: number;
  lessonId: number;
  step: number;
  text: string;
  /** The verdict that counts: the grader's, unless an instructor overrode it. */
  correct: boolean;
  /** The grader's verdict code (what kind of mistake), kept whatever an override says. */
  verdict: string;
  /** What the grader said before any override. */
  gradedCorrect: boolean;
  /** The latest override's note for the student; null when there is none. */
  overrideNote: string | null;
  answeredAt: Date;
}

export type NewChallengeAnswer = Pick<ChallengeAnswerRecord, 'memberId' | 'lessonId' | 'step' | 'text' | 'correct' | 'verdict'>;

/** One instructor decision on an answer (the audit trail: who, when, before and after). */
export interface ChallengeOverrideRecord {
  id: number;
  answerId: number;
  byMemberId: number;
  byName: string;
  beforeCorrect: boolean;
  afterCorrect: boolean;
  note: string | null;
  createdAt: Date;
}

export interface OverrideRequest {
  answerId: number;
  correct: boolean;
  note: string | null;
  byMemberId: number;
  byName: string;
  /** The step's award: paid when the step becomes solved, taken back when no counted answer solves it any more. */
  award: PointAward;
}

export type OverrideResult =
  | { outcome: 'gone' }
  | { outcome: 'unchanged'; answer: ChallengeAnswerRecord }
  | { outcome: 'changed'; answer: ChallengeAnswerRecord; override: ChallengeOverrideRecord; pointsDelta: number };

export interface ChallengeRepository {
  record(answer: NewChallengeAnswer): Promise<ChallengeAnswerRecord>;
  /** Steps the member has answered correctly at least once (by the verdict that counts). */
  solvedSteps(memberId: number, lessonId: number): Promise<number[]>;
  /** How many answers to this step were wrong (a hint after the first, the solution after more). */
  wrongAnswers(memberId: number, lessonId: number, step: number): Promise<number>;
  listForMembers(memberIds: number[]): Promise<ChallengeAnswerRecord[]>;
  find(answerId: number): Promise<ChallengeAnswerRecord | null>;
  /**
   * Sets the verdict that counts and the note, logs the change, and keeps the step's award in step,
   * in one transaction: of two racing overrides of one answer, the second finds it changed already.
   * `unchanged` when the answer already had that verdict and note; `gone` when it no longer exists.
   */
  override(request: OverrideRequest): Promise<OverrideResult>;
  overridesOf(answerIds: number[]): Promise<ChallengeOverrideRecord[]>;
}

export interface PointAward {
  reason: string;
  points: number;
}

export interface PointEntryRecord extends PointAward {
  memberId: number;
  awardedAt: Date;
}

export interface PointsRepository {
  /** Awards each reason at most once per member; returns the awards that were new. */
  award(memberId: number, awards: PointAward[]): Promise<PointAward[]>;
  listForMembers(memberIds: number[]): Promise<PointEntryRecord[]>;
}

/** Everything stored about one member, for /mydata (students' data rights). */
export interface PersonalData {
  member: MemberRecord & { createdAt: Date; classroom: { platform: PlatformName; externalId: string; name: string | null } };
  lessonProgress: LessonProgressRecord[];
  quizAttempts: QuizAttemptRecord[];
  /** The /review schedule of the questions the member missed. */
  reviewItems: ReviewItemRecord[];
  challengeAnswers: ChallengeAnswerRecord[];
  points: PointEntryRecord[];
  /** The classifier's answers to the member's photos (the photos themselves are never stored). */
  predictions: { id: number; modelVersion: number; imageSha256: string; topClasses: unknown; notSure: boolean; createdAt: Date }[];
  /** "Wrong? Tell me the right class" answers the member gave. */
  corrections: { predictionId: number | null; imageSha256: string; label: string; createdAt: Date }[];
  trainingRequests: { id: number; state: string; requestedBy: string; createdAt: Date }[];
  modelsTrained: { version: number; trainedBy: string; createdAt: Date }[];
  /** Fair-use windows (times of recent calls, epoch ms), forgotten a window after the last call. */
  rateLimitWindows: { key: string; hits: number[]; expiresAt: number }[];
}

/** How many rows an erasure removed or detached, per kind (the confirmation names them). */
export type ErasureCounts = Record<
  | 'lessonProgress'
  | 'reviewItems'
  | 'challengeAnswers'
  | 'points'
  | 'rateLimitWindows'
  | 'predictionsDetached'
  | 'correctionsDetached'
  | 'quizAttemptsKeptAnonymous',
  number
>;

/** What the other repositories don't list: the member's own row and the classifier's and fair-use rows. */
export type PersonalRecords = Omit<PersonalData, 'lessonProgress' | 'quizAttempts' | 'reviewItems' | 'challengeAnswers' | 'points'>;

export interface PersonalDataRepository {
  collect(memberId: number): Promise<PersonalRecords | null>;
  /**
   * Erases the member's personal rows and turns the member into an anonymous placeholder, in one
   * transaction; `erased: false` when another call (a double click) already did it.
   */
  erase(memberId: number, placeholderName: string): Promise<{ erased: true; counts: ErasureCounts } | { erased: false }>;
}

/** Every repository the core uses, built once per database. */
export interface ClassroomStore {
  roster: RosterRepository;
  lessons: LessonProgressRepository;
  quiz: QuizRepository;
  review: ReviewRepository;
  challenge: ChallengeRepository;
  points: PointsRepository;
  personalData: PersonalDataRepository;
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

/**
 * Every window key ends with the member it counts (`…:<classroom>:<member>`), so /mydata can find
 * and erase a member's windows without knowing each rule (the cooldown precondition writes them).
 */
export function memberKeyEnd(classroomId: number, memberId: number): string {
  return `:${classroomId}:${memberId}`;
}

/** Every store a classroom runs on (src/db builds them over Prisma), and how to tell an outage. */
export interface ClassroomStores {
  classroom: ClassroomStore;
  deliveries: DeliveryLog;
  rateLimits: RateLimitStore;
  /** True for an error that means the database can't be reached now: answered "try again", not "something went wrong". */
  isUnavailable(error: unknown): boolean;
}

/** An entry's student id already belongs to another member the entry did not match (the import changed nothing). */
export class RosterConflictError extends Error {
  constructor(
    /** Index into the entries passed to importMembers. */
    readonly entryIndex: number,
    readonly studentId: string,
  ) {
    super(`roster entry ${entryIndex}: student id ${studentId} belongs to another member`);
    this.name = 'RosterConflictError';
  }
}
