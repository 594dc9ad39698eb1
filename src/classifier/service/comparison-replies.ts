// The activation gate's comparison as the instructor sees it: both heads' accuracy and per-class
// recall side by side on the same photos, both confusion matrices, and, for a candidate, the
// buttons to activate or discard it.
import { actionId } from '../../core/action-id.ts';
import { text, type Block, type Language } from '../../core/reply.ts';
import type { Metrics } from '../types.ts';
import { friendlyLabel } from './labels.ts';
import { displayWidth, padDisplay } from './text-width.ts';
import type { ModelComparison, TrainResult } from './types.ts';

export const MODEL_COMMAND = 'model';
const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

function recallTable(comparison: ModelComparison & { active: NonNullable<ModelComparison['active']> }, lang: Language): string {
  const { candidate, active } = comparison;
  const names = candidate.metrics.perClass.map((c) => friendlyLabel(c.label, lang));
  const width = Math.max(...names.map(displayWidth), 8);
  const recallOf = (metrics: Metrics, label: string) => metrics.perClass.find((c) => c.label === label)?.recall ?? 0;
  const header = `${padDisplay(lang === 'ko' ? '재현율' : 'recall', width)}  ${`v${active.version}`.padStart(7)}  ${`v${candidate.version}`.padStart(7)}`;
  const rows = candidate.metrics.perClass.map(
    (c, i) => `${padDisplay(names[i]!, width)}  ${percent(recallOf(active.metrics, c.label)).padStart(7)}  ${percent(c.recall).padStart(7)}`,
  );
  const total = `${padDisplay(lang === 'ko' ? '정확도' : 'accuracy', width)}  ${percent(active.metrics.accuracy).padStart(7)}  ${percent(candidate.metrics.accuracy).padStart(7)}`;
  return [header, ...rows, total].join('\n');
}

/** Nothing when the class had no head to compare with (the new one simply went active). */
export function comparisonBlocks(result: TrainResult, lang: Language): Block[] {
  const ko = lang === 'ko';
  const { comparison, comparisonPngs } = result;
  const active = comparison?.active;
  if (!comparison || !active) return [];
  const version = result.model.version;
  const verdict = result.activated
    ? ko
      ? `같은 평가 사진 ${comparison.photos}장에서 v${version}이 지금까지의 v${active.version}만큼 또는 더 잘 맞혀서 활성화했어요.`
      : `On the same ${comparison.photos} evaluation photos v${version} did at least as well as v${active.version}, so it is now active.`
    : comparison.atLeastAsGood
      ? ko
        ? `v${version}은 v${active.version}만큼 잘 맞혔지만, 그 사이 다른 버전이 활성화되어 후보로 두었어요.`
        : `v${version} did as well as v${active.version}, but another version was activated meanwhile, so it is kept as a candidate.`
      : ko
        ? `같은 평가 사진 ${comparison.photos}장에서 v${version}이 v${active.version}보다 못해서 v${active.version}을 그대로 써요. 비교해 보고 고르세요.`
        : `On the same ${comparison.photos} evaluation photos v${version} did worse than v${active.version}, so v${active.version} stays active. Compare them and choose.`;
  const blocks: Block[] = [
    { kind: 'heading', text: ko ? `v${active.version} (활성) ↔ v${version} (새 버전)` : `v${active.version} (active) ↔ v${version} (new)` },
    text(verdict),
    { kind: 'code', text: recallTable({ ...comparison, active }, lang) },
  ];
  if (comparisonPngs?.active) {
    blocks.push({
      kind: 'image',
      file: { name: `evaluation-v${active.version}.png`, contentType: 'image/png', data: comparisonPngs.active },
      alt: ko ? `평가 사진에서 v${active.version}의 혼동 행렬` : `Confusion matrix of v${active.version} on the evaluation photos`,
    });
  }
  if (comparisonPngs) {
    blocks.push({
      kind: 'image',
      file: { name: `evaluation-v${version}.png`, contentType: 'image/png', data: comparisonPngs.candidate },
      alt: ko ? `평가 사진에서 v${version}의 혼동 행렬` : `Confusion matrix of v${version} on the evaluation photos`,
    });
  }
  if (!result.activated) {
    blocks.push({
      kind: 'buttons',
      buttons: [
        { actionId: actionId(MODEL_COMMAND, 'activate', version), label: ko ? `v${version} 활성화` : `Activate v${version}`, style: 'primary' },
        { actionId: actionId(MODEL_COMMAND, 'discard', version), label: ko ? `v${version} 버리기` : `Discard v${version}`, style: 'danger' },
      ],
    });
  }
  return blocks;
}
