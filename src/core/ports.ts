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
  /** Moves the member to a section and adds it to what they have seen; `newlySeen` only the first time. */
  recordView(memberId: number, lessonId: number, section: number): Promise<{ progress: LessonProgressRecord; newlySeen: boolean }>;
  /** Sets the completion time once; later calls keep the first. */
  markCompleted(memberId: number, lessonId: number): Promise<void>;
  listForMembers(memberIds: number[]): Promise<LessonProgressRecord[]>;
}

export interface QuizAnswerRecord {
  questionId: string;
  choice: string;
  correct: boolean;
  answeredAt: Date;
}

export interface QuizAttemptRecord {
  id: number;
  memberId: number;
  lessonId: number;
  startedAt: Date;
  finishedAt: Date | null;
  score: number;
  answers: QuizAnswerRecord[];
}

export type RecordAnswerResult = { recorded: true } | { recorded: false; existing: QuizAnswerRecord };

export interface QuizRepository {
  /**
   * The member's unfinished attempt at the lesson, or a new one when there is none. Serialized per
   * member, so a double-clicked "start" or "retake" opens one attempt, not two.
   */
  openOrCreateAttempt(memberId: number, lessonId: number): Promise<{ attempt: QuizAttemptRecord; created: boolean }>;
  findAttempt(attemptId: number): Promise<QuizAttemptRecord | null>;
  /** Stores the answer unless the attempt already has one for that question (then returns that one). */
  recordAnswer(attemptId: number, answer: Omit<QuizAnswerRecord, 'answeredAt'>): Promise<RecordAnswerResult>;
  /** Closes the attempt once; later calls leave the first finish time. */
  finishAttempt(attemptId: number): Promise<void>;
  listAttempts(memberIds: number[], lessonId?: number): Promise<QuizAttemptRecord[]>;
}

export interface ChallengeAnswerRecord {
  memberId: number;
  lessonId: number;
  step: number;
  text: string;
  correct: boolean;
  verdict: string;
  answeredAt: Date;
}

export interface ChallengeRepository {
  record(answer: Omit<ChallengeAnswerRecord, 'answeredAt'>): Promise<ChallengeAnswerRecord>;
  /** Steps the member has answered correctly at least once. */
  solvedSteps(memberId: number, lessonId: number): Promise<number[]>;
  listForMembers(memberIds: number[]): Promise<ChallengeAnswerRecord[]>;
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
export type ErasureCounts = Record<'lessonProgress' | 'challengeAnswers' | 'points' | 'rateLimitWindows' | 'predictionsDetached' | 'correctionsDetached' | 'quizAttemptsKeptAnonymous', number>;

/** What the other repositories don't list: the member's own row and the classifier's and fair-use rows. */
export type PersonalRecords = Omit<PersonalData, 'lessonProgress' | 'quizAttempts' | 'challengeAnswers' | 'points'>;

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
  challenge: ChallengeRepository;
  points: PointsRepository;
  personalData: PersonalDataRepository;
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
