// In a photo channel (named by an instructor with /foodvision photo-channel), every posted photo
// gets a threaded reply with the prediction. Elsewhere, and for files that aren't photos, it
// stays silent.
import type { AttachmentListener } from '../src/app/command.ts';
import { UserError } from '../src/core/errors.ts';
import { errorReply, type Reply } from '../src/core/reply.ts';
import { looksLikePhoto } from '../src/classifier/service/attachments.ts';
import { foodvision } from '../src/classifier/service/context.ts';
import { predictionReply } from '../src/classifier/service/photo-replies.ts';
import { photoTurns } from '../src/classifier/service/photo-turns.ts';

/** A message with a whole album gets answers for its first few photos, not a wall of replies. */
const MAX_PHOTOS_PER_MESSAGE = 4;

export const photoChannelListener: AttachmentListener = {
  name: 'photo-channel',
  async handle(ctx, attachments) {
    if (!ctx.channelId) return null;
    const photos = attachments.filter(looksLikePhoto).slice(0, MAX_PHOTOS_PER_MESSAGE);
    if (photos.length === 0) return null;
    if (!(await foodvision(ctx).photoChannels.isPhotoChannel(ctx.caller.classroomId, ctx.channelId))) return null;
    // An album's photos join the queue together and take their turns like anyone else's.
    const turns = photoTurns(ctx);
    const settled = await Promise.allSettled(
      photos.map(async (photo): Promise<Reply> => {
        try {
          return { ...predictionReply(await turns.classify(photo), ctx.lang), target: 'thread' };
        } catch (error) {
          // One unusable photo in an album still lets the others through; its reason goes in the thread.
          if (!(error instanceof UserError)) throw error;
          return { ...errorReply(error.text[ctx.lang]), private: false, target: 'thread' };
        }
      }),
    );
    // Anything else is the dispatcher's to log and answer, once every photo's work has ended.
    const unexpected = settled.find((outcome) => outcome.status === 'rejected');
    if (unexpected) throw unexpected.reason;
    const replies = settled.map((outcome) => (outcome as PromiseFulfilledResult<Reply>).value);
    // The first answer takes the place of the "you're #k" notice, when there was one.
    return [turns.final(replies[0]!), ...replies.slice(1)];
  },
};
