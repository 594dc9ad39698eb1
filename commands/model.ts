// /model train | status | activate version:<n> | corrections: the instructor's view of the class's
// own model. Training shows its progress (with a Cancel button) by editing the first answer, then
// the figures, the comparison with the class's active head and the confusion matrices.
import type { CommandContext } from '../src/app/command.ts';
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { userError } from '../src/core/errors.ts';
import { foodvision, requester, reviewer } from '../src/classifier/service/context.ts';
import { correctionQueueReply, decisionReply } from '../src/classifier/service/correction-replies.ts';
import {
  activatedReply,
  cancelRequestedReply,
  discardedReply,
  statusReply,
  trainedReply,
  trainingProgressReply,
} from '../src/classifier/service/model-replies.ts';
import type { TrainingProgress } from '../src/classifier/service/types.ts';

/** Platforms rate-limit message edits: at most one progress edit this often (plus the first and last). */
const PROGRESS_EVERY_MS = 1_500;

function progressReporter(ctx: CommandContext): (progress: TrainingProgress) => Promise<void> {
  let last = 0;
  let jobId: number | undefined;
  return async (progress) => {
    if (progress.phase === 'started') jobId = progress.jobId;
    if (!ctx.progress) return;
    const final = progress.phase === 'started' || (progress.phase === 'embedding' ? progress.done === progress.total : progress.epoch === progress.epochs);
    const now = Date.now();
    if (!final && last !== 0 && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    await ctx.progress(trainingProgressReply(progress, ctx.lang, jobId));
  };
}

function number(params: string[]): number {
  const value = Number(params[0]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw userError('stale-action', '이 버튼은 더 이상 쓸 수 없어요. /model status 를 다시 보세요.', 'This button no longer works; see /model status again.');
  }
  return value;
}

export const modelCommand = defineCommand({
  name: 'model',
  names: { ko: '모델' },
  description: { ko: '이 반의 분류 모델 학습과 버전 관리 (강사용)', en: "Train and manage this class's classifier model (instructors)" },
  // /model train trains a head for minutes; status reads the registry and the job queue.
  slow: true,
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  subcommands: [
    {
      name: 'train',
      names: { ko: '학습' },
      description: { ko: '음식 사진으로 이 반의 새 헤드를 학습해요', en: 'Train a new head for this class on the food photos' },
      options: [],
    },
    {
      name: 'status',
      names: { ko: '상태' },
      description: { ko: '활성 버전, 버전 목록, 학습 상태', en: 'Active version, versions and training state' },
      options: [],
    },
    {
      name: 'activate',
      names: { ko: '활성화' },
      description: { ko: '다른 버전을 이 반에서 활성화해요 (되돌리기)', en: 'Make another version active in this class (roll back)' },
      options: [
        { name: 'version', names: { ko: '버전' }, type: 'integer', required: true, minValue: 1, description: { ko: '버전 번호', en: 'Version number' } },
      ],
    },
    { name: 'corrections', names: { ko: '정정' }, description: { ko: '학생들의 정정을 검토해요', en: "Review students' corrections" }, options: [] },
  ],
  async run(ctx, args) {
    const { classifier, corrections } = foodvision(ctx);
    switch (args.subcommand) {
      case 'train':
        return trainedReply(await classifier.train(requester(ctx), progressReporter(ctx)), ctx.lang);
      case 'status':
        return statusReply(await classifier.status(requester(ctx)), await classifier.listModels(requester(ctx)), ctx.lang);
      case 'activate': {
        const version = Number(args.version);
        if (!Number.isInteger(version) || version < 1) {
          throw userError(
            'bad-version',
            '버전 번호는 1 이상의 정수예요. /model status에서 확인하세요.',
            'A version is a whole number from 1; /model status lists them.',
          );
        }
        return activatedReply(await classifier.activate(version, requester(ctx)), ctx.lang);
      }
      case 'corrections':
        return correctionQueueReply(await corrections.pending(reviewer(ctx)), ctx.lang);
      default:
        throw userError(
          'unknown-subcommand',
          '/model train, /model status, /model activate, /model corrections 중 하나를 써 주세요.',
          'Use /model train, /model status, /model activate or /model corrections.',
        );
    }
  },
  actions: {
    activate: {
      async run(ctx, input) {
        return activatedReply(await foodvision(ctx).classifier.activate(number(input.params), requester(ctx)), ctx.lang);
      },
    },
    discard: {
      async run(ctx, input) {
        const version = number(input.params);
        await foodvision(ctx).training.discard(reviewer(ctx), version);
        return discardedReply(version, ctx.lang);
      },
    },
    cancel: {
      async run(ctx, input) {
        const jobId = number(input.params);
        const result = await foodvision(ctx).training.cancel(reviewer(ctx), jobId);
        if (result.outcome === 'finished') {
          throw userError('training-finished', '이 학습은 이미 끝났어요.', 'This training run has already finished.');
        }
        return cancelRequestedReply(jobId, ctx.lang);
      },
    },
    approve: {
      async run(ctx, input) {
        const id = number(input.params);
        return decisionReply(id, await foodvision(ctx).corrections.decide(reviewer(ctx), id, 'approved'), ctx.lang);
      },
    },
    reject: {
      async run(ctx, input) {
        const id = number(input.params);
        return decisionReply(id, await foodvision(ctx).corrections.decide(reviewer(ctx), id, 'rejected'), ctx.lang);
      },
    },
  },
});
