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
}

/** Who the core acts for: the member's ids only; roles are always re-read from storage. */
export interface MemberRef {
  memberId: number;
  classroomId: number;
}

export interface RosterRepository {
  /** Finds or creates the classroom; two first calls at once both get the same row. */
  ensureClassroom(ref: ClassroomRef): Promise<ClassroomRecord>;
  /** Finds or creates the member; two first calls at once both get the same row. */
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
