// The core services every command may call, built once by createClassroom (src/app/classroom.ts)
// over the stores it is given; each is a platform-neutral core service. Plugins (the classifier)
// add their own services beside these under their own names (`Services` in command.ts).
import { AnswerReviewService } from '../core/challenge/answer-review.ts';
import { ChallengeService, type Grade } from '../core/challenge/challenge-service.ts';
import type { LessonCatalog } from '../core/lessons/content.ts';
import { LessonService } from '../core/lessons/lesson-service.ts';
import type { ClassroomStore } from '../core/ports.ts';
import { DataRightsService } from '../core/privacy/data-rights-service.ts';
import { ProgressService } from '../core/progress/progress-service.ts';
import { QuizService } from '../core/quiz/quiz-service.ts';
import { ReviewService } from '../core/review/review-service.ts';
import { RosterImports, RosterService } from '../core/roster/roster-service.ts';
import { AnalyticsService } from '../core/analytics/analytics-service.ts';
import type { CoreServices } from './command.ts';

export type { CoreServices, DashboardLinks, Services } from './command.ts';

export function createCoreServices(store: ClassroomStore, catalog: LessonCatalog, grade?: Grade): CoreServices {
  const roster = new RosterService(store.roster);
  return {
    roster,
    catalog,
    lessons: new LessonService(catalog, store),
    quiz: new QuizService(catalog, store),
    review: new ReviewService(catalog, store),
    challenge: new ChallengeService(catalog, store, grade),
    answerReview: new AnswerReviewService(store, roster),
    progress: new ProgressService(catalog, store, roster),
    dataRights: new DataRightsService(store, roster),
    rosterImports: new RosterImports(store.roster),
    analytics: new AnalyticsService(catalog, store),
  };
}
