// The in-process classifier loads its backbone on first use, so a classroom whose backbone isn't
// pulled yet still teaches lessons; the photo commands then say what the operator must do.
import { userError } from '../../core/errors.ts';
import { ModelFilesError } from '../pipeline/index.ts';
import { repeatEvery } from './every.ts';
import type { ClassifierService } from './types.ts';

export function classifierUnavailable(error: unknown) {
  if (error instanceof ModelFilesError) {
    return userError(
      'classifier-not-installed',
      '사진 분류기의 백본이 서버에 설치되지 않았습니다. 서버 관리자에게 `npm run models:pull` 을 실행해 달라고 알려 주세요.',
      'The photo classifier’s backbone isn’t installed on the server. Please ask the server’s operator to run `npm run models:pull`.',
    );
  }
  return userError(
    'classifier-unavailable',
    '사진 분류기를 지금은 쓸 수 없습니다. 잠시 후 다시 시도해 주세요.',
    'The photo classifier isn’t available right now. Please try again shortly.',
  );
}

/** Builds the classifier before anyone asks when `needed` says so (a training job waits for a live process). */
export interface WakeUp {
  everyMs: number;
  needed: () => Promise<boolean>;
}

/** Builds the service on the first call (or on `wake`); a failed build is logged and retried on the next call. */
export function lazyClassifier(build: () => Promise<ClassifierService>, log?: (line: string) => void, wake?: WakeUp): ClassifierService {
  let instance: Promise<ClassifierService> | undefined;
  const get = async (): Promise<ClassifierService> => {
    instance ??= build();
    try {
      return await instance;
    } catch (error) {
      instance = undefined;
      log?.(`classifier: could not start: ${error instanceof Error ? error.message : String(error)}`);
      throw classifierUnavailable(error);
    }
  };
  // Once built, the classifier watches for abandoned jobs itself.
  const watch = wake
    ? repeatEvery(
        wake.everyMs,
        async () => {
          if (instance || !(await wake.needed())) return;
          await get();
        },
        log ?? (() => {}),
        'classifier: training wake-up check',
      )
    : undefined;
  return {
    classify: async (photo, who) => (await get()).classify(photo, who),
    explain: async (target) => (await get()).explain(target),
    where: async (predictionId, who) => {
      const classifier = await get();
      if (!classifier.where) throw new Error('This classifier draws no activation maps');
      return classifier.where(predictionId, who);
    },
    correct: async (predictionId, label, who) => (await get()).correct(predictionId, label, who),
    train: async (who, onProgress) => (await get()).train(who, onProgress),
    status: async (who) => (await get()).status(who),
    activate: async (version, who) => (await get()).activate(version, who),
    listModels: async (who) => (await get()).listModels(who),
    labels: async (who) => (await get()).labels(who),
    close: async () => {
      watch?.stop();
      if (instance) await (await instance.catch(() => undefined))?.close();
    },
  };
}
