// /model corrections: each pending correction with its photo's thumbnail, what the model said and
// how sure it was, what the member says, and Approve / Reject buttons.
import { actionId } from '../../core/action-id.ts';
import { userText } from '../../core/display-text.ts';
import { text, type Block, type Language, type Reply } from '../../core/reply.ts';
import { MODEL_COMMAND } from './comparison-replies.ts';
import type { CorrectionItem, CorrectionQueue, DecisionResult } from './correction-review.ts';
import { friendlyLabel } from './labels.ts';

const percent = (p: number) => `${Math.round(p * 100)}%`;

function itemBlocks(item: CorrectionItem, lang: Language): Block[] {
  const ko = lang === 'ko';
  const who = item.memberName === null ? (ko ? '(삭제된 멤버)' : '(erased member)') : userText(item.memberName);
  const said = item.predicted[0];
  const model = said
    ? ko
      ? `모델${item.modelVersion === null ? '' : ` v${item.modelVersion}`}: ${friendlyLabel(said.label, lang)} (${percent(said.probability)})`
      : `model${item.modelVersion === null ? '' : ` v${item.modelVersion}`}: ${friendlyLabel(said.label, lang)} (${percent(said.probability)})`
    : ko
      ? '모델의 답은 남아 있지 않아요'
      : 'the model’s answer is no longer kept';
  const blocks: Block[] = [
    { kind: 'heading', text: `#${item.id}` },
    text(ko ? `${who} 님의 정정: **${friendlyLabel(item.label, lang)}** · ${model}` : `${who} says **${friendlyLabel(item.label, lang)}** · ${model}`),
  ];
  if (item.thumbnail) {
    blocks.push({
      kind: 'image',
      file: { name: `correction-${item.id}.jpg`, contentType: 'image/jpeg', data: item.thumbnail },
      alt: ko ? `정정 #${item.id}의 사진` : `The photo of correction #${item.id}`,
    });
  } else {
    blocks.push(
      text(ko ? '(사진은 보관하지 않아요. 정정이 늦게 와서 미리보기가 없어요.)' : '(Photos are not kept; this correction came too late for a preview.)'),
    );
  }
  blocks.push({
    kind: 'buttons',
    buttons: [
      { actionId: actionId(MODEL_COMMAND, 'approve', item.id), label: ko ? '승인' : 'Approve', style: 'success' },
      { actionId: actionId(MODEL_COMMAND, 'reject', item.id), label: ko ? '거절' : 'Reject', style: 'danger' },
    ],
  });
  return blocks;
}

export function correctionQueueReply(queue: CorrectionQueue, lang: Language): Reply {
  const ko = lang === 'ko';
  if (queue.items.length === 0) {
    return {
      title: ko ? '검토할 정정' : 'Corrections to review',
      private: true,
      blocks: [text(ko ? '검토를 기다리는 정정이 없어요.' : 'No corrections are waiting for review.')],
    };
  }
  const more = queue.total - queue.items.length;
  return {
    title: ko ? `검토할 정정 ${queue.total}건` : `${queue.total} corrections to review`,
    private: true,
    blocks: [
      text(ko ? '승인한 정정만 다음 학습에 들어가요.' : 'Only approved corrections go into the next training run.'),
      ...queue.items.flatMap((item) => itemBlocks(item, lang)),
      ...(more > 0
        ? [
            text(
              ko
                ? `이 밖에 ${more}건이 더 있어요. 결정한 뒤 /model corrections 를 다시 보세요.`
                : `${more} more after these; run /model corrections again once these are decided.`,
            ),
          ]
        : []),
    ],
  };
}

export function decisionReply(id: number, result: DecisionResult, lang: Language): Reply {
  const ko = lang === 'ko';
  const word = (decision: 'approved' | 'rejected') => (decision === 'approved' ? (ko ? '승인' : 'approved') : ko ? '거절' : 'rejected');
  if (result.outcome === 'not-found') {
    return { tone: 'warning', private: true, blocks: [text(ko ? `정정 #${id}을 찾을 수 없어요.` : `Correction #${id} could not be found.`)] };
  }
  if (result.outcome === 'already') {
    const by = result.by === null ? '' : ko ? ` (${userText(result.by)} 님)` : ` by ${userText(result.by)}`;
    return {
      tone: 'info',
      private: true,
      blocks: [
        text(
          ko
            ? `정정 #${id}은 이미 ${word(result.decision)}되었어요${by}. 바뀐 것은 없어요.`
            : `Correction #${id} was already ${word(result.decision)}${by}; nothing changed.`,
        ),
      ],
    };
  }
  const name = friendlyLabel(result.label, lang);
  return {
    tone: 'success',
    private: true,
    blocks: [
      text(
        result.decision === 'approved'
          ? ko
            ? `정정 #${id}(${name})을 승인했어요. 다음 /model train 때 반영돼요.`
            : `Correction #${id} (${name}) approved: the next /model train learns from it.`
          : ko
            ? `정정 #${id}(${name})을 거절했어요. 학습에 쓰지 않아요.`
            : `Correction #${id} (${name}) rejected: it will not be trained on.`,
      ),
    ],
  };
}
