// /predict photo:<attachment>: classifies a food photo, with buttons to see what the frozen
// backbone sees and to correct a wrong answer (queued for an instructor's review before it trains).
import { defineCommand } from '../src/app/command.ts';
import { cooldown } from '../src/app/preconditions.ts';
import { userError } from '../src/core/errors.ts';
import { isAttachment } from '../src/classifier/service/attachments.ts';
import { foodvision, requester } from '../src/classifier/service/context.ts';
import { correctionMenu, explanationReply, predictionReply, PREDICT_COMMAND, thanksReply, whereReply } from '../src/classifier/service/photo-replies.ts';
import { photoTurns } from '../src/classifier/service/photo-turns.ts';
import { photoChannelListener } from './classify-photo.ts';

function predictionId(params: string[]): number {
  const id = Number(params[0]);
  if (!Number.isInteger(id) || id <= 0) {
    throw userError('stale-action', '이 버튼은 더 이상 쓸 수 없어요. 사진을 다시 올려 주세요.', 'This button no longer works. Please post the photo again.');
  }
  return id;
}

export const predictCommand = defineCommand({
  name: PREDICT_COMMAND,
  names: { ko: '분류' },
  description: { ko: '음식 사진을 분류해요', en: 'Classify a food photo' },
  // The backbone runs well past a platform's 3-second acknowledgement.
  slow: true,
  surfaces: {
    messageMenu: { label: { en: 'Classify food photo', ko: '음식 사진 분류하기' } },
    shortcut: {
      label: { en: 'Classify food photo', ko: '음식 사진 분류하기' },
      description: { en: 'Classify the food photo in this message', ko: '이 메시지의 음식 사진을 분류해요' },
      callbackId: 'classify_food_photo',
    },
    photoListener: photoChannelListener,
  },
  options: [{ name: 'photo', names: { ko: '사진' }, type: 'attachment', required: true, description: { ko: '음식 사진', en: 'A food photo' } }],
  requiredRole: 'student',
  // Counts this command and its buttons (each runs the classifier). Thirty a minute is far more
  // than a lesson needs; past it, one member's script would slow the classifier for the class.
  preconditions: [cooldown(60_000, { calls: 30 })],
  async run(ctx, args) {
    const photo = args.photo;
    if (!isAttachment(photo)) {
      throw userError('photo-missing', '분류할 음식 사진을 첨부해 주세요.', 'Please attach a food photo to classify.');
    }
    const turns = photoTurns(ctx);
    try {
      return turns.final(predictionReply(await turns.classify(photo), ctx.lang));
    } catch (error) {
      return turns.failed(error);
    }
  },
  actions: {
    explain: {
      async run(ctx, input) {
        return explanationReply(await foodvision(ctx).classifier.explain({ predictionId: predictionId(input.params) }), ctx.lang);
      },
    },
    where: {
      async run(ctx, input) {
        const { classifier } = foodvision(ctx);
        if (!classifier.where) {
          throw userError('where-unavailable', '이 분류기는 활성화 지도를 그리지 못해요.', 'This classifier can’t draw activation maps.');
        }
        return whereReply(await classifier.where(predictionId(input.params), requester(ctx)), ctx.lang);
      },
    },
    wrong: {
      async run(ctx, input) {
        return correctionMenu(predictionId(input.params), await foodvision(ctx).classifier.labels(requester(ctx)), ctx.lang);
      },
    },
    correct: {
      async run(ctx, input) {
        const label = input.values?.[0] ?? input.text?.trim();
        if (!label) throw userError('label-missing', '올바른 음식을 하나 골라 주세요.', 'Please choose the right dish.');
        const saved = await foodvision(ctx).classifier.correct(predictionId(input.params), label, requester(ctx));
        return thanksReply(saved.label, saved.pending, ctx.lang);
      },
    },
  },
});
