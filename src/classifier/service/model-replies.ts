// Replies for the instructor's /model commands: training progress, the trained version's
// figures with its confusion matrix, and the registry's state.
import { actionId } from '../../core/action-id.ts';
import { userText } from '../../core/display-text.ts';
import { text, type Block, type Language, type Reply } from '../../core/reply.ts';
import type { EpochReport, Metrics } from '../types.ts';
import { friendlyLabel } from './labels.ts';
import { displayWidth, padDisplay } from './text-width.ts';
import { comparisonBlocks, MODEL_COMMAND } from './comparison-replies.ts';
import type { ClassifierStatus, ModelSummary, TrainingJobSummary, TrainingProgress, TrainResult } from './types.ts';

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/** The Cancel button every progress message carries; only the instructor who started the run may use it. */
function cancelButton(jobId: number | undefined, ko: boolean): Block[] {
  if (jobId === undefined) return [];
  return [{ kind: 'buttons', buttons: [{ actionId: actionId(MODEL_COMMAND, 'cancel', jobId), label: ko ? '학습 취소' : 'Cancel training', style: 'danger' }] }];
}

export function trainingProgressReply(progress: TrainingProgress, lang: Language, jobId?: number): Reply {
  const reply = progressContent(progress, lang);
  return { ...reply, blocks: [...reply.blocks, ...cancelButton(jobId, lang === 'ko')] };
}

function progressContent(progress: TrainingProgress, lang: Language): Reply {
  const ko = lang === 'ko';
  if (progress.phase === 'started') {
    return {
      title: ko ? '학습을 시작했어요' : 'Training started',
      blocks: [
        text(
          ko
            ? `학습 #${progress.jobId}: 사진을 모으는 중이에요. 진행 상황이 이 메시지에 이어서 나와요.`
            : `Training #${progress.jobId}: gathering the photos. Progress follows in this message.`,
        ),
      ],
    };
  }
  if (progress.phase === 'embedding') {
    return {
      title: ko ? '학습 준비 중…' : 'Preparing to train…',
      blocks: [
        {
          kind: 'progress',
          label: ko ? `새 사진 임베딩 ${progress.done}/${progress.total}` : `Embedding new photos ${progress.done}/${progress.total}`,
          value: progress.done,
          max: progress.total,
        },
        text(
          ko
            ? '처음 보는 사진만 백본을 거칩니다. 다음 학습부터는 캐시를 씁니다.'
            : 'Only photos never seen before go through the backbone; later runs read the cache.',
        ),
      ],
    };
  }
  const val =
    progress.valAccuracy === undefined
      ? ''
      : ko
        ? ` · 검증 정확도 ${percent(progress.valAccuracy)}`
        : ` · validation accuracy ${percent(progress.valAccuracy)}`;
  return {
    title: ko ? '헤드 학습 중…' : 'Training the head…',
    blocks: [
      { kind: 'progress', label: epochLabel(progress, ko), value: progress.epoch, max: progress.epochs },
      text(`loss ${progress.loss.toFixed(3)} · ${ko ? '정확도' : 'accuracy'} ${percent(progress.accuracy)}${val}`),
      text(
        progress.heads
          ? ko
            ? `헤드 ${progress.heads}개가 사진을 ${progress.heads}등분해 각자 다른 몫으로 검증하며, 검증 손실이 더 나아지지 않으면 멈춥니다. 끝나면 하나의 헤드로 평균합니다.`
            : `${progress.heads} heads each hold out a different 1/${progress.heads} of the photos and stop early on it; they are then averaged into one head.`
          : ko
            ? '검증 손실이 더 나아지지 않으면 일찍 멈춥니다.'
            : 'Stops early once the validation loss stops improving.',
      ),
    ],
  };
}

/** "Epoch 12/200", and which of the ensemble's heads when there are several. */
function epochLabel(progress: EpochReport, ko: boolean): string {
  const epoch = ko ? `에폭 ${progress.epoch}/${progress.epochs}` : `Epoch ${progress.epoch}/${progress.epochs}`;
  if (!progress.heads) return epoch;
  return ko ? `헤드 ${progress.head}/${progress.heads} · ${epoch}` : `Head ${progress.head}/${progress.heads} · ${epoch}`;
}

function perClassTable(metrics: Metrics, lang: Language): string {
  const names = metrics.perClass.map((c) => friendlyLabel(c.label, lang));
  const width = Math.max(...names.map(displayWidth), 6);
  const header = `${padDisplay(lang === 'ko' ? '클래스' : 'class', width)}  precision  recall  n`;
  const rows = metrics.perClass.map(
    (c, i) => `${padDisplay(names[i]!, width)}  ${percent(c.precision).padStart(9)}  ${percent(c.recall).padStart(6)}  ${c.support}`,
  );
  return [header, ...rows].join('\n');
}

export function trainedReply(result: TrainResult, lang: Language): Reply {
  const ko = lang === 'ko';
  const { model, metrics, examples } = result;
  const title = result.activated
    ? ko
      ? `모델 v${model.version} 학습 완료, 이 반에서 지금 활성화됨`
      : `Model v${model.version} trained and now active in this class`
    : ko
      ? `모델 v${model.version} 학습 완료, 후보로 보관됨`
      : `Model v${model.version} trained and kept as a candidate`;
  return {
    title,
    tone: result.activated ? 'success' : 'warning',
    blocks: [
      {
        kind: 'fields',
        fields: [
          {
            name:
              result.evaluatedOn === 'validation'
                ? ko
                  ? '검증 정확도'
                  : 'Validation accuracy'
                : ko
                  ? '학습 정확도 (검증용 사진 없음)'
                  : 'Training accuracy (no photos held out)',
            value: `${percent(metrics.accuracy)} (${metrics.examples})`,
            inline: true,
          },
          {
            name: ko ? '학습 사진' : 'Photos',
            value: ko ? `데이터 ${examples.dataset} · 정정 ${examples.corrections}` : `data set ${examples.dataset} · corrections ${examples.corrections}`,
            inline: true,
          },
          { name: ko ? '데이터 지문' : 'Data fingerprint', value: model.dataFingerprint.slice(0, 12), inline: true },
        ],
      },
      { kind: 'code', text: perClassTable(metrics, lang) },
      {
        kind: 'image',
        file: { name: `confusion-v${model.version}.png`, contentType: 'image/png', data: result.confusionPng },
        alt: ko ? `모델 v${model.version} 의 혼동 행렬 (행: 실제, 열: 예측)` : `Confusion matrix of model v${model.version} (rows: actual, columns: predicted)`,
      },
      ...comparisonBlocks(result, lang),
      text(ko ? '이전 버전으로 되돌리려면 /model activate version:<번호>' : 'To roll back: /model activate version:<number>'),
    ],
  };
}

function versionLine(model: ModelSummary, ko: boolean): string {
  const whose = model.discarded ? (ko ? '버림' : 'discarded') : model.own ? (ko ? '이 반' : 'class') : ko ? '공용' : 'shared';
  return `${model.active ? '▶' : ' '} v${String(model.version).padEnd(3)} ${percent(model.accuracy).padStart(6)}  ${whose.padEnd(9)} ${model.createdAt.slice(0, 16).replace('T', ' ')}  ${model.trainedBy}`;
}

const JOB_STATES: Record<TrainingJobSummary['state'], { ko: string; en: string }> = {
  queued: { ko: '대기 중', en: 'queued' },
  running: { ko: '학습 중', en: 'running' },
  interrupted: { ko: '중단됨', en: 'interrupted' },
  done: { ko: '완료', en: 'done' },
  failed: { ko: '실패', en: 'failed' },
  cancelled: { ko: '취소됨', en: 'cancelled' },
};

/** A job whose process stopped: what happens to it next, so nobody waits on a run that isn't there. */
function interruptedNote(job: TrainingJobSummary, ko: boolean): string {
  if (job.next === 'fail') {
    return ko
      ? '학습하던 프로세스가 여러 번 멈춰 이 학습은 실패로 처리됩니다. /model train으로 새로 시작하세요.'
      : 'its process stopped too many times, so it will be marked failed; start a new one with /model train.';
  }
  return ko
    ? '학습하던 프로세스가 멈췄습니다. 살아 있는 봇 프로세스가 곧 이어서 학습합니다 (지금 /model train을 해도 이어받습니다).'
    : 'its process stopped; a live bot process resumes it shortly (/model train now takes it over too).';
}

function jobLine(job: TrainingJobSummary | undefined, ko: boolean): string {
  if (!job) return ko ? '학습 기록 없음' : 'no training yet';
  const progress = job.progress ? ` · ${ko ? '에폭' : 'epoch'} ${job.progress.epoch}/${job.progress.epochs}` : '';
  const detail = job.state === 'interrupted' ? ` · ${interruptedNote(job, ko)}` : job.error ? ` · ${job.error}` : '';
  return `#${job.id} ${JOB_STATES[job.state][ko ? 'ko' : 'en']} (${userText(job.requestedBy)})${progress}${detail}`;
}

export function statusReply(status: ClassifierStatus, models: ModelSummary[], lang: Language): Reply {
  const ko = lang === 'ko';
  return {
    title: ko ? '분류 모델 상태' : 'Classifier status',
    private: true,
    blocks: [
      {
        kind: 'fields',
        fields: [
          {
            name: ko ? '활성 버전' : 'Active version',
            value: status.active ? `v${status.active.version} (${percent(status.active.accuracy)})` : ko ? '없음' : 'none',
            inline: true,
          },
          { name: ko ? '백본' : 'Backbone', value: `${status.backbone} · ${status.backend}`, inline: true },
          { name: ko ? '학습' : 'Training', value: jobLine(status.training, ko), inline: true },
          { name: ko ? '캐시된 임베딩' : 'Cached embeddings', value: String(status.embeddingsCached), inline: true },
          { name: ko ? '예측' : 'Predictions', value: String(status.predictions), inline: true },
          {
            name: ko ? '정정 (검토 대기 / 승인)' : 'Corrections (to review / approved)',
            value: `${status.corrections.pending} / ${status.corrections.approved}`,
            inline: true,
          },
          { name: ko ? '"잘 모르겠어요" 기준' : '"Not sure" below', value: percent(status.threshold), inline: true },
        ],
      },
      {
        kind: 'code',
        text: models.length
          ? models
              .slice(-10)
              .map((model) => versionLine(model, ko))
              .join('\n')
          : ko
            ? '버전 없음'
            : 'no versions',
      },
    ],
  };
}

export function activatedReply(model: ModelSummary, lang: Language): Reply {
  const ko = lang === 'ko';
  return {
    title: ko ? `모델 v${model.version} 활성화` : `Model v${model.version} is active`,
    tone: 'success',
    blocks: [
      text(
        ko
          ? `이제부터 이 반의 예측은 v${model.version} 모델이 맡아요 (검증 정확도 ${percent(model.accuracy)}, 학습: ${userText(model.trainedBy)}). 다른 반은 그대로예요.`
          : `From now on this class's predictions are made by v${model.version} (validation accuracy ${percent(model.accuracy)}, trained by ${userText(model.trainedBy)}). Other classes are unchanged.`,
      ),
    ],
  };
}

export function discardedReply(version: number, lang: Language): Reply {
  const ko = lang === 'ko';
  return {
    title: ko ? `후보 v${version} 버림` : `Candidate v${version} discarded`,
    tone: 'info',
    target: 'update',
    blocks: [
      text(
        ko
          ? `v${version}은 기록으로만 남아요. 필요하면 /model activate version:${version} 으로 되살릴 수 있어요.`
          : `v${version} stays on record only; /model activate version:${version} still brings it back.`,
      ),
    ],
  };
}

export function cancelRequestedReply(jobId: number, lang: Language): Reply {
  const ko = lang === 'ko';
  return {
    title: ko ? '취소 요청됨' : 'Cancel requested',
    tone: 'info',
    private: true,
    blocks: [text(ko ? `학습 #${jobId}을 멈추라고 알렸어요. 몇 초 안에 멈춰요.` : `Training #${jobId} was told to stop; it stops within a few seconds.`)],
  };
}
