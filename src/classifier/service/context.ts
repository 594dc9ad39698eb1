// What the classifier's commands find in `ctx.services.foodvision`, put there by the plugin.
// The classifier sits below the commands, so it names only the parts of a command's context it
// reads (a CommandContext from src/app/command.ts has them all).
import type { Language, Reply } from '../../core/reply.ts';
import type { PhotoChannelStore } from '../ports.ts';
import type { CorrectionReviewService, Reviewer } from './correction-review.ts';
import type { PhotoQueue } from './photo-queue.ts';
import type { TrainingControl } from './training-control.ts';
import type { Requester, ClassifierService } from './types.ts';

export interface FoodvisionServices {
  classifier: ClassifierService;
  /** Every posted photo waits its turn here before the classifier sees it (photo-turns.ts). */
  photoQueue: PhotoQueue;
  photoChannels: PhotoChannelStore;
  /** The class's review queue of members' corrections (also the dashboard's). */
  corrections: CorrectionReviewService;
  /** Cancelling a training run, discarding a candidate. */
  training: TrainingControl;
  /** Largest photo downloaded from a platform (checked on the declared size first). */
  maxPhotoBytes: number;
}

/** The parts of a command's context the classifier's helpers read. */
export interface PhotoCaller {
  caller: { displayName: string; memberId: number; classroomId: number };
  lang: Language;
  services: Readonly<Record<string, unknown>>;
  progress?: (reply: Reply) => Promise<void>;
}

export function foodvision(ctx: Pick<PhotoCaller, 'services'>): FoodvisionServices {
  const services = ctx.services.foodvision as FoodvisionServices | undefined;
  if (!services) throw new Error('the classifier plugin is not installed in this classroom');
  return services;
}

export function requester(ctx: Pick<PhotoCaller, 'caller'>): Requester {
  return { name: ctx.caller.displayName, memberId: ctx.caller.memberId, classroomId: ctx.caller.classroomId };
}

export function reviewer(ctx: Pick<PhotoCaller, 'caller'>): Reviewer {
  return { memberId: ctx.caller.memberId, classroomId: ctx.caller.classroomId, displayName: ctx.caller.displayName };
}
