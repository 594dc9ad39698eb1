// What one member's progress adds up to, per lesson and in all: the shape the progress service
// builds and the report, the gradebook and the dashboard read.
import type { Lesson } from '../lessons/content.ts';
import type { MemberRecord } from '../ports.ts';
import type { AttemptScore } from '../quiz/attempt-stats.ts';

export interface LessonSummary {
  lesson: Lesson;
  sectionsSeen: number;
  sections: number;
  completed: boolean;
  /** Best number of right answers in one attempt; null before any attempt. */
  quizBest: number | null;
  /** Questions the best attempt asked (an attempt draws a set from the lesson's bank). */
  quizQuestions: number;
  quizAttempts: number;
  /** The first attempt's score, kept as it was whatever the retakes did; null until it is finished. */
  quizFirst: AttemptScore | null;
  challengeSolved: number;
  /** Steps whose first answer was right. */
  challengeFirstTry: number;
  /** Every challenge answer sent, right or wrong. */
  challengeAnswers: number;
  challengeSteps: number;
}

export interface MemberProgress {
  member: MemberRecord;
  lessons: LessonSummary[];
  points: number;
  /** When the member reached their current total (the leaderboard's tie-break). */
  reachedAt: Date | null;
  lastActivity: Date | null;
  /** Opened a lesson, took a quiz or answered a challenge step; false for a member only on the roster. */
  started: boolean;
}
