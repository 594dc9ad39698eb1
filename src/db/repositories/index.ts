// The core's repositories over one Prisma client (Postgres or PGlite alike).
import type { ClassroomStore } from '../../core/ports.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { PrismaChallengeRepository } from './challenge.ts';
import { PrismaLessonProgressRepository } from './lesson-progress.ts';
import { PrismaPersonalData } from './personal-data.ts';
import { PrismaPointsRepository } from './points.ts';
import { PrismaQuizRepository } from './quiz.ts';
import { PrismaReviewRepository } from './review.ts';
import { PrismaRosterRepository } from './roster.ts';

export function createPrismaStore(prisma: PrismaClient): ClassroomStore {
  return {
    roster: new PrismaRosterRepository(prisma),
    lessons: new PrismaLessonProgressRepository(prisma),
    quiz: new PrismaQuizRepository(prisma),
    review: new PrismaReviewRepository(prisma),
    challenge: new PrismaChallengeRepository(prisma),
    points: new PrismaPointsRepository(prisma),
    personalData: new PrismaPersonalData(prisma),
  };
}
