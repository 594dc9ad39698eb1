// What can go wrong for the person using the classifier, said in both languages.
import { userError, type UserError } from '../../core/errors.ts';

export const classifierErrors = {
  noModel: (): UserError =>
    userError(
      'no-active-model',
      '아직 활성화된 분류 모델이 없습니다. 강사가 /model train으로 학습하거나 /model activate로 버전을 골라야 합니다.',
      'No classifier model is active yet. An instructor needs to run /model train or pick a version with /model activate.',
    ),
  predictionNotFound: (id: number): UserError =>
    userError(
      'prediction-not-found',
      `#${id} 예측을 찾을 수 없습니다. 사진을 다시 올려 주세요.`,
      `Prediction #${id} was not found. Please post the photo again.`,
    ),
  photoForgotten: (): UserError =>
    userError(
      'photo-forgotten',
      '이 사진은 더 이상 서버에 남아 있지 않아 백본이 본 것을 보여 드릴 수 없습니다. 사진을 다시 올려 주세요.',
      'This photo is no longer kept on the server, so the backbone view can’t be shown. Please post the photo again.',
    ),
  unknownLabel: (label: string, labels: string[]): UserError =>
    userError(
      'unknown-label',
      `이 모델에는 "${label}" 클래스가 없습니다. 다음 중에서 골라 주세요: ${labels.join(', ')}`,
      `"${label}" is not one of this model's classes. Choose one of: ${labels.join(', ')}`,
    ),
  versionNotFound: (version: number): UserError =>
    userError(
      'version-not-found',
      `${version}번 모델 버전은 없습니다. /model status에서 버전 목록을 확인하세요.`,
      `There is no model version ${version}. /model status lists the versions.`,
    ),
  wrongBackbone: (version: number, needs: string, runs: string): UserError =>
    userError(
      'wrong-backbone',
      `${version}번 버전은 ${needs} 백본으로 학습되었지만, 이 분류기는 ${runs} 백본을 씁니다. 같은 백본으로 학습된 버전을 골라 주세요.`,
      `Version ${version} was trained on backbone ${needs}, but this classifier runs ${runs}. Pick a version trained on the same backbone.`,
    ),
  trainingBusy: (requestedBy: string, since: Date): UserError =>
    userError(
      'training-busy',
      `이미 학습이 진행 중입니다 (${requestedBy} 님 요청, ${since.toISOString().slice(11, 16)} UTC). 끝날 때까지 기다려 주세요. 진행 상황은 /model status에서 볼 수 있습니다.`,
      `A training run is already going (requested by ${requestedBy} at ${since.toISOString().slice(11, 16)} UTC). Please wait for it to finish; /model status shows its progress.`,
    ),
  trainingStopped: (): UserError =>
    userError(
      'training-stopped',
      '분류기가 다시 시작하는 중이라 학습을 멈췄습니다. 다른 봇 프로세스나 다시 시작한 봇이 이어서 학습합니다. 진행 상황은 /model status에서 볼 수 있습니다.',
      'Training paused because the classifier is restarting; another bot process, or this one once restarted, carries it on. /model status shows its progress.',
    ),
  trainingTakenOver: (): UserError =>
    userError(
      'training-taken-over',
      '이 프로세스가 한동안 응답하지 않아 다른 봇 프로세스가 학습을 이어받았습니다. 진행 상황은 /model status에서 볼 수 있습니다.',
      'This process went quiet for a while, so another bot process took the training run over. /model status shows its progress.',
    ),
  noTrainingData: (): UserError =>
    userError(
      'no-training-data',
      '학습할 사진이 없습니다. 데이터 폴더(클래스별 하위 폴더)를 설정하거나 예측을 바로잡아 예제를 모아 주세요.',
      'There are no photos to train on. Set up the data folder (one sub-folder per class) or collect examples by correcting predictions.',
    ),
  trainingCancelled: (): UserError =>
    userError('training-cancelled', '학습을 취소했어요. 새 버전은 만들어지지 않았어요.', 'Training was cancelled; no new version was made.'),
  classroomRequired: (): UserError =>
    userError(
      'classroom-required',
      '모델은 반마다 따로 있어요. 반(서버나 워크스페이스) 안에서 요청해 주세요.',
      'Each class has its own model: ask from inside a class (a server or workspace).',
    ),
  correctionLimit: (perDay: number, retryAfterMs: number): UserError =>
    userError(
      'correction-limit',
      `정정은 하루에 ${perDay}건까지 보낼 수 있어요. 약 ${Math.ceil(retryAfterMs / 3_600_000)}시간 뒤에 다시 보내 주세요.`,
      `You can send ${perDay} corrections a day. Please send more in about ${Math.ceil(retryAfterMs / 3_600_000)} h.`,
    ),
};
