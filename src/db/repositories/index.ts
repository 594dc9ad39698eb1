// The core's repositories over one Prisma client (Postgres or PGlite alike).
import type { ClassroomStore, ClassroomStores } from '../../core/ports.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { isDatabaseUnavailable } from '../unavailable.ts';
import { PrismaChallengeRepository } from './challenge.ts';
import { PrismaDeliveryLog } from './delivered-events.ts';
import { PrismaLessonProgressRepository } from './lesson-progress.ts';
import { PrismaPersonalData } from './personal-data.ts';
import { PrismaPointsRepository } from './points.ts';
import { PrismaQuizRepository } from './quiz.ts';
import { PrismaRateLimits } from './rate-limits.ts';
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

/** Everything a classroom runs on over one Prisma client, built once per database (client.ts). */
export function createClassroomStores(prisma: PrismaClient): ClassroomStores {
  return {
    classroom: createPrismaStore(prisma),
    deliveries: new PrismaDeliveryLog(prisma),
    // The cooldown precondition counts here, so its limits hold across every bot process.
    rateLimits: new PrismaRateLimits(prisma),
    isUnavailable: isDatabaseUnavailable,
  };
}
