// The replies around one photo: the prediction with its bars, what the backbone sees, and the
// "tell me the right class" menu. Platform-neutral: every adapter renders these blocks.
import { actionId } from '../../core/action-id.ts';
import { bar, text, type Language, type Reply } from '../../core/reply.ts';
import type { LabelProbability } from '../types.ts';
import { friendlyLabel } from './labels.ts';
import { padDisplay } from './text-width.ts';
import type { ClassifyResult, Explanation, WhereResult } from './types.ts';

export const PREDICT_COMMAND = 'predict';

const percent = (p: number) => `${Math.round(p * 100)}%`;

function barLines(classes: LabelProbability[], name: (label: string) => string): string {
  return classes.map((c) => `\`${bar(c.probability, 1)}\` ${percent(c.probability).padStart(4)}  ${name(c.label)}`).join('\n');
}

export function predictionReply(result: ClassifyResult, lang: Language): Reply {
  const ko = lang === 'ko';
  const best = result.classes[0]!;
  const bestName = friendlyLabel(best.label, lang);
  const threshold = percent(result.threshold);
  const mine = result.notMine;
  // ImageNet's 1,000 labels exist in English only; the Korean sentence says so.
  const headline = mine
    ? ko
      ? `제가 아는 음식이 아닌 것 같아요. ImageNet 백본에는 **${mine.imagenet.label}**(${percent(mine.imagenet.probability)}, ImageNet 이름은 영어로만 있어요)로 보여요. 제 음식 중에서는 ${bestName}에 가장 가깝지만, 그렇게 답하면 틀린 답을 자신 있게 하는 셈이에요.`
      : `That doesn’t look like one of my dishes. The ImageNet backbone sees **${mine.imagenet.label}** (${percent(mine.imagenet.probability)}). Of mine, ${bestName} comes closest, but saying so would be a confident wrong answer.`
    : result.notSure
      ? ko
        ? `잘 모르겠어요. 가장 가까운 답은 **${bestName}**(${percent(best.probability)})이지만, 확신 기준(${threshold})에 못 미칩니다.`
        : `I’m not sure. My best guess is **${bestName}** (${percent(best.probability)}), but that is below my ${threshold} confidence bar.`
      : ko
        ? `**${bestName}** 같아요 (${percent(best.probability)}).`
        : `This looks like **${bestName}** (${percent(best.probability)}).`;
  return {
    title: mine ? (ko ? '🙅 제 음식이 아니에요' : '🙅 Not one of mine') : result.notSure ? (ko ? '🤔 잘 모르겠어요' : '🤔 Not sure') : `🍽️ ${bestName}`,
    tone: mine || result.notSure ? 'warning' : 'success',
    blocks: [
      text(headline),
      text(barLines(result.classes.slice(0, 3), (label) => friendlyLabel(label, lang))),
      text(ko ? `모델 v${result.modelVersion} · 백본 ${result.backbone}` : `Model v${result.modelVersion} · backbone ${result.backbone}`),
      {
        kind: 'buttons',
        buttons: [
          {
            actionId: actionId(PREDICT_COMMAND, 'explain', result.predictionId),
            label: ko ? '백본에는 무엇이 보일까?' : 'What does the backbone see?',
            style: 'secondary',
          },
          { actionId: actionId(PREDICT_COMMAND, 'where', result.predictionId), label: ko ? '🔥 어디를 봤을까?' : '🔥 Where it looked', style: 'secondary' },
          {
            actionId: actionId(PREDICT_COMMAND, 'wrong', result.predictionId),
            label: ko ? '틀렸나요? 정답을 알려 주세요' : 'Wrong? Tell me the right class',
            style: 'secondary',
          },
        ],
      },
    ],
  };
}

const shape = (dims: number[]) => `[${dims.join(',')}]`;
const count = (n: number, lang: Language) => n.toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-US');

export function explanationReply(explanation: Explanation, lang: Language): Reply {
  const ko = lang === 'ko';
  const { trace } = explanation;
  const features = trace.features[1] ?? 0;
  const classes = trace.output[1] ?? 0;
  const params = ko ? '개 파라미터' : 'parameters';
  const tensor = (name: string, dims: number[]) => `${padDisplay(name, 15)}${shape(dims)}`;
  const pipeline = [
    tensor(ko ? '사진' : 'photo', trace.input),
    `  → ${ko ? '백본 (고정)' : 'backbone (frozen)'}  ${count(trace.backboneParameters, lang)} ${params}`,
    tensor(ko ? '특징' : 'features', trace.features),
    `  → ${ko ? '헤드' : 'head'} Dense(${features} → ${classes}) + softmax  ${features}×${classes}+${classes} = ${count(trace.headParameters, lang)} ${params}`,
    tensor(ko ? '확률' : 'probabilities', trace.output),
  ].join('\n');
  return {
    title: ko ? '백본이 보는 것' : 'What the backbone sees',
    private: true,
    blocks: [
      text(
        ko
          ? `ImageNet(1,000개 클래스)으로만 학습된 **${explanation.backbone}** 백본은 이 사진에서 이것을 봅니다:`
          : `On its own, **${explanation.backbone}** (trained on ImageNet’s 1,000 classes) sees:`,
      ),
      text(barLines(explanation.imagenet, (label) => label)),
      { kind: 'code', text: pipeline },
      text(
        ko
          ? `음식 이름은 ImageNet에 없어도 괜찮습니다. 백본의 ${features}개 특징을 그대로 재사용하고, 새 헤드의 ${count(trace.headParameters, lang)}개 파라미터만 음식 사진으로 학습했습니다. 이것이 전이 학습입니다.`
          : `ImageNet doesn’t need to know these dishes: the backbone’s ${features} features are reused as they are, and only the new head’s ${count(trace.headParameters, lang)} parameters were trained on food photos. That is transfer learning.`,
      ),
    ],
  };
}

export function correctionMenu(predictionId: number, labels: string[], lang: Language): Reply {
  const ko = lang === 'ko';
  return {
    title: ko ? '정답은 무엇인가요?' : 'What is the right class?',
    private: true,
    blocks: [
      text(
        ko
          ? '이 사진의 올바른 음식을 골라 주세요. 강사가 확인한 뒤 다음 학습 때 모델이 배워요.'
          : 'Pick the right dish for this photo; once an instructor approves it, the next training run learns from it.',
      ),
      {
        kind: 'select',
        menu: {
          actionId: actionId(PREDICT_COMMAND, 'correct', predictionId),
          placeholder: ko ? '음식 고르기' : 'Choose a dish',
          options: labels.map((label) => ({ value: label, label: friendlyLabel(label, lang) })),
        },
      },
    ],
  };
}

export function thanksReply(label: string, pending: number, lang: Language): Reply {
  const ko = lang === 'ko';
  const name = friendlyLabel(label, lang);
  return {
    title: ko ? '고마워요!' : 'Thank you!',
    tone: 'success',
    private: true,
    target: 'update',
    blocks: [
      text(
        ko
          ? `이 사진의 정답을 **${name}**(으)로 보냈어요. 강사가 승인하면 다음 /model train 때 반영돼요 (검토 대기 ${pending}건).`
          : `Sent this photo as **${name}**. Once an instructor approves it, the next /model train learns from it (${pending} waiting for review).`,
      ),
    ],
  };
}

/** A photo waiting its turn: where it stands and when the answer should come (replaced by the answer). */
export function queueNoticeReply(position: number, seconds: number, lang: Language): Reply {
  const ko = lang === 'ko';
  return {
    tone: 'info',
    blocks: [
      text(
        ko
          ? `⏳ 사진을 받았습니다. 대기 ${position}번째이고, 약 ${seconds}초 뒤에 결과가 나옵니다.`
          : `⏳ Got your photo. You're #${position} in line; the answer should come in about ${seconds} s.`,
      ),
    ],
  };
}

/** The class activation map over the photo, with the one line that says how to read it. */
export function whereReply(where: WhereResult, lang: Language): Reply {
  const ko = lang === 'ko';
  const name = friendlyLabel(where.label, lang);
  return {
    title: ko ? `🔥 ${name}(으)로 본 곳` : `🔥 Where it saw ${name}`,
    private: true,
    blocks: [
      text(
        ko
          ? `붉을수록 그 자리의 특징이 헤드의 ${name} 가중치와 곱해져 점수를 더 올려요. 지도의 평균에 편향을 더하면 바로 그 점수(로짓 ${where.logit.toFixed(2)})예요.`
          : `The redder a spot, the more its features, times the head's ${name} weights, add to the score; the map's mean plus the bias is exactly that score (logit ${where.logit.toFixed(2)}).`,
      ),
      {
        kind: 'image',
        file: { name: `where-${where.predictionId}.png`, contentType: 'image/png', data: where.png },
        alt: ko ? `${name} 클래스 활성화 지도 (${where.backbones.join(', ')})` : `Class activation map for ${name} (${where.backbones.join(', ')})`,
      },
    ],
  };
}
