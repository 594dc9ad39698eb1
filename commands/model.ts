// /model train | status | activate version:<n>: the instructor's model registry. Training shows
// its progress by editing the first answer, then the figures and the confusion matrix.
import type { CommandContext } from '../src/app/command.ts';
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { userError } from '../src/core/errors.ts';
import { foodvision, requester } from '../src/classifier/service/context.ts';
import { activatedReply, statusReply, trainedReply, trainingProgressReply } from '../src/classifier/service/model-replies.ts';
import type { TrainingProgress } from '../src/classifier/service/types.ts';

/** Platforms rate-limit message edits: at most one progress edit this often (plus the last one). */
const PROGRESS_EVERY_MS = 1_500;

function progressReporter(ctx: CommandContext): (progress: TrainingProgress) => Promise<void> {
  let last = 0;
  return async (progress) => {
    if (!ctx.progress) return;
    const final = progress.phase === 'embedding' ? progress.done === progress.total : progress.epoch === progress.epochs;
    const now = Date.now();
    if (!final && last !== 0 && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    await ctx.progress(trainingProgressReply(progress, ctx.lang));
  };
}

export const modelCommand = defineCommand({
  name: 'model',
  names: { ko: '모델' },
  description: { ko: '분류 모델 학습과 버전 관리 (강사용)', en: 'Train and manage the classifier model (instructors)' },
  // /model train trains a head for minutes; status reads the registry and the job queue.
  slow: true,
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  subcommands: [
    { name: 'train', names: { ko: '학습' }, description: { ko: '음식 사진으로 새 헤드를 학습해요', en: 'Train a new head on the food photos' }, options: [] },
    { name: 'status', names: { ko: '상태' }, description: { ko: '활성 버전, 버전 목록, 학습 상태', en: 'Active version, versions and training state' }, options: [] },
    {
      name: 'activate',
      names: { ko: '활성화' },
      description: { ko: '다른 버전을 활성화해요 (되돌리기)', en: 'Make another version active (roll back)' },
      options: [{ name: 'version', names: { ko: '버전' }, type: 'integer', required: true, minValue: 1, description: { ko: '버전 번호', en: 'Version number' } }],
    },
  ],
  async run(ctx, args) {
    const { classifier } = foodvision(ctx);
    switch (args.subcommand) {
      case 'train':
        return trainedReply(await classifier.train(requester(ctx), progressReporter(ctx)), ctx.lang);
      case 'status':
        return statusReply(await classifier.status(), await classifier.listModels(), ctx.lang);
      case 'activate': {
        const version = Number(args.version);
        if (!Number.isInteger(version) || version < 1) {
          throw userError('bad-version', '버전 번호는 1 이상의 정수예요. /model status에서 확인하세요.', 'A version is a whole number from 1; /model status lists them.');
        }
        return activatedReply(await classifier.activate(version), ctx.lang);
      }
      default:
        throw userError('unknown-subcommand', '/model train, /model status, /model activate 중 하나를 써 주세요.', 'Use /model train, /model status or /model activate.');
    }
  },
});
