// Replies for the instructor's /model commands: training progress, the trained version's
// figures with its confusion matrix, and the registry's state.
import { userText } from '../../core/display-text.ts';
import { text, type Language, type Reply } from '../../core/reply.ts';
import type { EpochReport, Metrics } from '../types.ts';
import { friendlyLabel } from './labels.ts';
import { displayWidth, padDisplay } from './text-width.ts';
import type { ClassifierStatus, ModelSummary, TrainingJobSummary, TrainingProgress, TrainResult } from './types.ts';

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

export function trainingProgressReply(progress: TrainingProgress, lang: Language): Reply {
  const ko = lang === 'ko';
  if (progress.phase === 'embedding') {
    return {
      title: ko ? '학습 준비 중…' : 'Preparing to train…',
      blocks: [
        { kind: 'progress', label: ko ? `새 사진 임베딩 ${progress.done}/${progress.total}` : `Embedding new photos ${progress.done}/${progress.total}`, value: progress.done, max: progress.total },
        text(ko ? '처음 보는 사진만 백본을 거칩니다. 다음 학습부터는 캐시를 씁니다.' : 'Only photos never seen before go through the backbone; later runs read the cache.'),
      ],
    };
  }
  const val = progress.valAccuracy === undefined ? '' : ko ? ` · 검증 정확도 ${percent(progress.valAccuracy)}` : ` · validation accuracy ${percent(progress.valAccuracy)}`;
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
  const rows = metrics.perClass.map((c, i) => `${padDisplay(names[i]!, width)}  ${percent(c.precision).padStart(9)}  ${percent(c.recall).padStart(6)}  ${c.support}`);
  return [header, ...rows].join('\n');
}

export function trainedReply(result: TrainResult, lang: Language): Reply {
  const ko = lang === 'ko';
  const { model, metrics, examples } = result;
  return {
    title: ko ? `모델 v${model.version} 학습 완료, 지금 활성화됨` : `Model v${model.version} trained and now active`,
    tone: 'success',
    blocks: [
      {
        kind: 'fields',
        fields: [
          {
            name: result.evaluatedOn === 'validation' ? (ko ? '검증 정확도' : 'Validation accuracy') : ko ? '학습 정확도 (검증용 사진 없음)' : 'Training accuracy (no photos held out)',
            value: `${percent(metrics.accuracy)} (${metrics.examples})`,
            inline: true,
          },
          { name: ko ? '학습 사진' : 'Photos', value: ko ? `데이터 ${examples.dataset} · 정정 ${examples.corrections}` : `data set ${examples.dataset} · corrections ${examples.corrections}`, inline: true },
          { name: ko ? '데이터 지문' : 'Data fingerprint', value: model.dataFingerprint.slice(0, 12), inline: true },
        ],
      },
      { kind: 'code', text: perClassTable(metrics, lang) },
      {
        kind: 'image',
        file: { name: `confusion-v${model.version}.png`, contentType: 'image/png', data: result.confusionPng },
        alt: ko ? `모델 v${model.version} 의 혼동 행렬 (행: 실제, 열: 예측)` : `Confusion matrix of model v${model.version} (rows: actual, columns: predicted)`,
      },
      text(ko ? '이전 버전으로 되돌리려면 /model activate version:<번호>' : 'To roll back: /model activate version:<number>'),
    ],
  };
}

function versionLine(model: ModelSummary): string {
  return `${model.active ? '▶' : ' '} v${String(model.version).padEnd(3)} ${percent(model.accuracy).padStart(6)}  ${model.createdAt.slice(0, 16).replace('T', ' ')}  ${model.trainedBy}`;
}

const JOB_STATES: Record<TrainingJobSummary['state'], { ko: string; en: string }> = {
  queued: { ko: '대기 중', en: 'queued' },
  running: { ko: '학습 중', en: 'running' },
  interrupted: { ko: '중단됨', en: 'interrupted' },
  done: { ko: '완료', en: 'done' },
  failed: { ko: '실패', en: 'failed' },
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
          { name: ko ? '활성 버전' : 'Active version', value: status.active ? `v${status.active.version} (${percent(status.active.accuracy)})` : ko ? '없음' : 'none', inline: true },
          { name: ko ? '백본' : 'Backbone', value: `${status.backbone} · ${status.backend}`, inline: true },
          { name: ko ? '학습' : 'Training', value: jobLine(status.training, ko), inline: true },
          { name: ko ? '캐시된 임베딩' : 'Cached embeddings', value: String(status.embeddingsCached), inline: true },
          { name: ko ? '예측 / 정정' : 'Predictions / corrections', value: `${status.predictions} / ${status.corrections}`, inline: true },
          { name: ko ? '"잘 모르겠어요" 기준' : '"Not sure" below', value: percent(status.threshold), inline: true },
        ],
      },
      { kind: 'code', text: models.length ? models.slice(-10).map(versionLine).join('\n') : ko ? '버전 없음' : 'no versions' },
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
          ? `이제부터 v${model.version} 모델이 모든 예측을 맡습니다 (검증 정확도 ${percent(model.accuracy)}, 학습: ${model.trainedBy}).`
          : `From now on every prediction is made by v${model.version} (validation accuracy ${percent(model.accuracy)}, trained by ${model.trainedBy}).`,
      ),
    ],
  };
}
