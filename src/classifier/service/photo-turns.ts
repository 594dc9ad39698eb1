// One request's photos through the class's photo queue: every path that classifies a posted photo
// (/predict, the message menu or shortcut, photo channels, on every platform) comes through here,
// so the bound, the round-robin and the "you're #k" notice hold for all of them alike.
import type { AttachmentRef } from '../../core/context.ts';
import { UserError } from '../../core/errors.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import { downloadPhoto } from './attachments.ts';
import { foodvision, requester, type PhotoCaller } from './context.ts';
import { toSeconds } from './photo-queue.ts';
import { queueNoticeReply } from './photo-replies.ts';
import type { ClassifyResult } from './types.ts';

export interface PhotoTurns {
  /** Downloads and classifies one photo in its turn; refuses at once with "busy, try again in N s". */
  classify(photo: AttachmentRef): Promise<ClassifyResult>;
  /**
   * The reply that ends the request. When the member was told to wait, it replaces that notice
   * (the interim message `ctx.progress` showed), so no "you're #3" is left behind; the notice was
   * public, so its replacement is too.
   */
  final(reply: Reply): Reply;
  /** A UserError after the notice is answered in its place; any other error is the caller's. */
  failed(error: unknown): Reply;
}

export function photoTurns(ctx: PhotoCaller): PhotoTurns {
  const { classifier, photoQueue, maxPhotoBytes } = foodvision(ctx);
  let toldToWait = false;
  const who = requester(ctx);
  return {
    classify: (photo) =>
      photoQueue.run(String(ctx.caller.memberId), {
        prepare: () => downloadPhoto(photo, maxPhotoBytes),
        work: (bytes) => classifier.classify(bytes, who),
        onWait: async ({ position, etaMs }) => {
          if (!ctx.progress) return;
          toldToWait = true;
          await ctx.progress(queueNoticeReply(position, toSeconds(etaMs), ctx.lang));
        },
      }),
    final: (reply) => (toldToWait ? { ...reply, private: false, target: 'update' } : reply),
    failed(error) {
      if (!(error instanceof UserError) || !toldToWait) throw error;
      return this.final(errorReply(error.text[ctx.lang]));
    },
  };
}
