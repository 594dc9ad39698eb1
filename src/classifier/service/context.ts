// What the classifier's commands find in `ctx.services.foodvision`, put there by the plugin.
import type { CommandContext } from '../../app/command.ts';
import type { PhotoChannelRepository } from '../../db/classifier/index.ts';
import type { CorrectionReviewService, Reviewer } from './correction-review.ts';
import type { PhotoQueue } from './photo-queue.ts';
import type { TrainingControl } from './training-control.ts';
import type { Requester, ClassifierService } from './types.ts';

export interface FoodvisionServices {
  classifier: ClassifierService;
  /** Every posted photo waits its turn here before the classifier sees it (photo-turns.ts). */
  photoQueue: PhotoQueue;
  photoChannels: Pick<PhotoChannelRepository, 'isPhotoChannel' | 'set'>;
  /** The class's review queue of members' corrections (also the dashboard's). */
  corrections: CorrectionReviewService;
  /** Cancelling a training run, discarding a candidate. */
  training: TrainingControl;
  /** Largest photo downloaded from a platform (checked on the declared size first). */
  maxPhotoBytes: number;
}

export function foodvision(ctx: CommandContext): FoodvisionServices {
  const services = ctx.services.foodvision as FoodvisionServices | undefined;
  if (!services) throw new Error('the classifier plugin is not installed in this classroom');
  return services;
}

export function requester(ctx: CommandContext): Requester {
  return { name: ctx.caller.displayName, memberId: ctx.caller.memberId, classroomId: ctx.caller.classroomId };
}

export function reviewer(ctx: CommandContext): Reviewer {
  return { memberId: ctx.caller.memberId, classroomId: ctx.caller.classroomId, displayName: ctx.caller.displayName };
}
