// Every table that holds something about a member, in one place: /mydata reads it and
// /mydata delete erases it. A new table with a member's data belongs here (and in the README's
// "Your data").
//
// What an erasure does, per table, and why:
// - Member: kept as an anonymous placeholder (name replaced, platform id replaced by "erased-<id>",
//   grants, language and leaderboard choice cleared), so the person's next call starts a fresh,
//   empty member and nothing links the placeholder back to them.
// - QuizAttempt / QuizAnswer: kept on the placeholder. Answers are choices among fixed options
//   (no free text), and the class's quiz statistics (the report's scores, which questions the class
//   got wrong) would otherwise change when one student leaves.
// - LessonProgress, ReviewItem (the member's own review schedule), ChallengeAnswer (free text the
//   member wrote), PointEntry: deleted.
// - RateLimitWindow: deleted (times of the member's recent calls).
// - Prediction, LabelledExample (corrections): detached (memberId null). They hold an image hash,
//   the model's answer and the right class, nothing of the person, and trained models depend on them.
// - TrainingJob / ModelVersion that an instructor started: their name is replaced by the placeholder.
// - ChallengeOverride: goes with the student's answers; one an erased instructor made keeps the placeholder's name.
// - DashboardSession: deleted (signs the instructor out). DashboardLinkUse holds only a nonce and expires in 15 min.
import { memberKeyEnd, type PersonalDataRepository, type PersonalRecords, type ErasureCounts } from '../../core/ports.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { toMember } from './member-row.ts';

export class PrismaPersonalData implements PersonalDataRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async collect(memberId: number): Promise<PersonalRecords | null> {
    const row = await this.prisma.member.findUnique({ where: { id: memberId }, include: { classroom: true } });
    if (!row) return null;
    const [predictions, corrections, jobs, models, windows] = await Promise.all([
      this.prisma.prediction.findMany({ where: { memberId }, orderBy: { id: 'asc' }, include: { modelVersion: { select: { version: true } } } }),
      this.prisma.labelledExample.findMany({ where: { memberId, source: 'correction' }, orderBy: { id: 'asc' } }),
      this.prisma.trainingJob.findMany({ where: { requestedByMemberId: memberId }, orderBy: { id: 'asc' } }),
      this.prisma.modelVersion.findMany({
        where: { trainedByMember: memberId },
        orderBy: { id: 'asc' },
        select: { version: true, trainedBy: true, createdAt: true },
      }),
      this.prisma.rateLimitWindow.findMany({ where: { key: { endsWith: memberKeyEnd(row.classroomId, memberId) } }, orderBy: { key: 'asc' } }),
    ]);
    return {
      member: {
        ...toMember(row),
        createdAt: row.createdAt,
        classroom: { platform: row.classroom.platform, externalId: row.classroom.externalId, name: row.classroom.name },
      },
      predictions: predictions.map((p) => ({
        id: p.id,
        modelVersion: p.modelVersion.version,
        imageSha256: p.imageSha256,
        topClasses: p.topClasses,
        notSure: p.notSure,
        createdAt: p.createdAt,
      })),
      corrections: corrections.map((c) => ({ predictionId: c.predictionId, imageSha256: c.imageSha256, label: c.label, createdAt: c.createdAt })),
      trainingRequests: jobs.map((j) => ({ id: j.id, state: j.state, requestedBy: j.requestedBy, createdAt: j.createdAt })),
      modelsTrained: models,
      rateLimitWindows: windows.map((w) => ({ key: w.key, hits: w.hits.map(Number), expiresAt: Number(w.expiresAt) })),
    };
  }

  async erase(memberId: number, placeholderName: string): Promise<{ erased: true; counts: ErasureCounts } | { erased: false }> {
    return this.prisma.$transaction(async (tx) => {
      // The claim decides a double click: the second transaction waits on the row lock, then finds
      // erasedAt set and changes nothing.
      const claimed = await tx.member.updateMany({
        where: { id: memberId, erasedAt: null },
        data: {
          erasedAt: new Date(),
          displayName: placeholderName,
          platformUserId: `erased-${memberId}`,
          role: 'student',
          grantedRole: null,
          language: null,
          showNameOnLeaderboard: false,
          studentId: null,
          email: null,
        },
      });
      if (claimed.count === 0) return { erased: false as const };
      const { classroomId } = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { classroomId: true } });
      const where = { memberId };
      const lessonProgress = (await tx.lessonProgress.deleteMany({ where })).count;
      const reviewItems = (await tx.reviewItem.deleteMany({ where })).count;
      const challengeAnswers = (await tx.challengeAnswer.deleteMany({ where })).count;
      const points = (await tx.pointEntry.deleteMany({ where })).count;
      const rateLimitWindows = (await tx.rateLimitWindow.deleteMany({ where: { key: { endsWith: memberKeyEnd(classroomId, memberId) } } })).count;
      const predictionsDetached = (await tx.prediction.updateMany({ where, data: { memberId: null } })).count;
      // The thumbnail goes too: it is the member's photo, even if small.
      const correctionsDetached = (await tx.labelledExample.updateMany({ where, data: { memberId: null, thumbnail: null } })).count;
      await tx.trainingJob.updateMany({ where: { requestedByMemberId: memberId }, data: { requestedBy: placeholderName, requestedByMemberId: null } });
      await tx.modelVersion.updateMany({ where: { trainedByMember: memberId }, data: { trainedBy: placeholderName, trainedByMember: null } });
      // An instructor's overrides of others' answers stay (the students' record), under the placeholder's name.
      await tx.challengeOverride.updateMany({ where: { byMemberId: memberId }, data: { byName: placeholderName } });
      await tx.dashboardSession.deleteMany({ where });
      const quizAttemptsKeptAnonymous = await tx.quizAttempt.count({ where });
      return {
        erased: true as const,
        counts: {
          lessonProgress,
          reviewItems,
          challengeAnswers,
          points,
          rateLimitWindows,
          predictionsDetached,
          correctionsDetached,
          quizAttemptsKeptAnonymous,
        },
      };
    });
  }
}
