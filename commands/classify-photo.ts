// In a photo channel (named by an instructor with /foodvision photo-channel), every posted photo
// gets a threaded reply with the prediction. Elsewhere, and for files that aren't photos, it
// stays silent.
import type { AttachmentListener } from '../src/app/command.ts';
import { UserError } from '../src/core/errors.ts';
import { errorReply, type Reply } from '../src/core/reply.ts';
import { downloadPhoto, looksLikePhoto } from '../src/classifier/service/attachments.ts';
import { foodvision, requester } from '../src/classifier/service/context.ts';
import { predictionReply } from '../src/classifier/service/photo-replies.ts';

/** A message with a whole album gets answers for its first few photos, not a wall of replies. */
const MAX_PHOTOS_PER_MESSAGE = 4;

export const photoChannelListener: AttachmentListener = {
  name: 'photo-channel',
  async handle(ctx, attachments) {
    if (!ctx.channelId) return null;
    const photos = attachments.filter(looksLikePhoto).slice(0, MAX_PHOTOS_PER_MESSAGE);
    if (photos.length === 0) return null;
    const { classifier, photoChannels, maxPhotoBytes } = foodvision(ctx);
    if (!(await photoChannels.isPhotoChannel(ctx.caller.classroomId, ctx.channelId))) return null;
    const replies: Reply[] = [];
    for (const photo of photos) {
      try {
        const result = await classifier.classify(await downloadPhoto(photo, maxPhotoBytes), requester(ctx));
        replies.push({ ...predictionReply(result, ctx.lang), target: 'thread' });
      } catch (error) {
        // One unusable photo in an album still lets the others through; its reason goes in the thread.
        if (!(error instanceof UserError)) throw error;
        replies.push({ ...errorReply(error.text[ctx.lang]), private: false, target: 'thread' });
      }
    }
    return replies;
  },
};
