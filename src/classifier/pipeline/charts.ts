import { escapeXml, FONT, svgToPng } from '../../core/charts/svg.ts';
import type { EpochReport, Metrics } from '../types.ts';

function correctCount(metrics: Metrics): number {
  return metrics.confusion.reduce((n, row, i) => n + row[i]!, 0);
}

/** Confusion matrix as SVG: rows are the true classes, columns the predicted ones; darker = more photos. */
export function confusionSvg(metrics: Metrics, title = 'Confusion matrix'): string {
  const n = metrics.labels.length;
  const cell = 56;
  const left = 170;
  const top = 170;
  const width = left + n * cell + 120;
  const height = top + n * cell + 60;
  const rowMax = metrics.confusion.map((row) =>
    Math.max(
      1,
      row.reduce((a, b) => a + b, 0),
    ),
  );
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" ${FONT}>${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="48" text-anchor="middle" font-size="14" ${FONT}>accuracy ${(metrics.accuracy * 100).toFixed(2)}% (${correctCount(metrics)} of ${metrics.examples} photos)</text>`,
    `<text x="${left + (n * cell) / 2}" y="${height - 18}" text-anchor="middle" font-size="14" ${FONT}>predicted</text>`,
    `<text x="18" y="${top + (n * cell) / 2}" text-anchor="middle" font-size="14" ${FONT} transform="rotate(-90 18 ${top + (n * cell) / 2})">actual</text>`,
  ];
  metrics.labels.forEach((label, i) => {
    parts.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2 + 5}" text-anchor="end" font-size="13" ${FONT}>${escapeXml(label)}</text>`);
    const x = left + i * cell + cell / 2;
    parts.push(`<text x="${x}" y="${top - 8}" font-size="13" ${FONT} transform="rotate(-45 ${x} ${top - 8})">${escapeXml(label)}</text>`);
  });
  metrics.confusion.forEach((row, r) =>
    row.forEach((count, c) => {
      const share = count / rowMax[r]!;
      const colour = r === c ? `rgba(34,139,34,${0.1 + 0.9 * share})` : `rgba(200,40,40,${count === 0 ? 0 : 0.1 + 0.9 * share})`;
      const x = left + c * cell;
      const y = top + r * cell;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${colour}" stroke="#999"/>`);
      parts.push(
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 5}" text-anchor="middle" font-size="14" fill="${share > 0.55 ? 'white' : 'black'}" ${FONT}>${count}</text>`,
      );
    }),
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** Loss and accuracy per epoch (training solid, validation dashed), loss on the left axis, accuracy on the right. */
export function trainingCurveSvg(history: readonly EpochReport[], title = 'Training curve'): string {
  const width = 720;
  const height = 440;
  const plot = { left: 60, right: width - 60, top: 50, bottom: height - 80 };
  const epochs = Math.max(2, history.length);
  const maxLoss = Math.max(0.1, ...history.flatMap((h) => [h.loss, h.valLoss ?? 0]));
  const x = (epoch: number) => plot.left + ((epoch - 1) / (epochs - 1)) * (plot.right - plot.left);
  const yLoss = (v: number) => plot.bottom - (v / maxLoss) * (plot.bottom - plot.top);
  const yAcc = (v: number) => plot.bottom - v * (plot.bottom - plot.top);
  const line = (values: (number | undefined)[], y: (v: number) => number, colour: string, dashed: boolean) => {
    const points = values.flatMap((v, i) => (v === undefined ? [] : [`${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`]));
    return points.length < 2
      ? ''
      : `<polyline fill="none" stroke="${colour}" stroke-width="2" ${dashed ? 'stroke-dasharray="6 4"' : ''} points="${points.join(' ')}"/>`;
  };
  const legend = [
    ['train loss', '#1f77b4', false],
    ['validation loss', '#1f77b4', true],
    ['train accuracy', '#d62728', false],
    ['validation accuracy', '#d62728', true],
  ] as const;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="18" ${FONT}>${escapeXml(title)}</text>`,
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 24}" text-anchor="middle" font-size="13" ${FONT}>epoch (1–${history.length})</text>`,
    `<text x="${plot.left - 8}" y="${plot.top + 4}" text-anchor="end" font-size="12" ${FONT}>${maxLoss.toFixed(2)}</text>`,
    `<text x="${plot.left - 8}" y="${plot.bottom}" text-anchor="end" font-size="12" ${FONT}>0</text>`,
    `<text x="${plot.right + 8}" y="${plot.top + 4}" font-size="12" ${FONT}>100%</text>`,
    `<text x="${plot.right + 8}" y="${plot.bottom}" font-size="12" ${FONT}>0%</text>`,
    line(
      history.map((h) => h.loss),
      yLoss,
      '#1f77b4',
      false,
    ),
    line(
      history.map((h) => h.valLoss),
      yLoss,
      '#1f77b4',
      true,
    ),
    line(
      history.map((h) => h.accuracy),
      yAcc,
      '#d62728',
      false,
    ),
    line(
      history.map((h) => h.valAccuracy),
      yAcc,
      '#d62728',
      true,
    ),
    ...legend.map(
      ([name, colour, dashed], i) =>
        // One row under the plot, so the legend never hides a curve.
        `<line x1="${plot.left + i * 160}" x2="${plot.left + i * 160 + 30}" y1="${height - 22}" y2="${height - 22}" stroke="${colour}" stroke-width="2" ${dashed ? 'stroke-dasharray="6 4"' : ''}/>` +
        `<text x="${plot.left + i * 160 + 36}" y="${height - 18}" font-size="12" ${FONT}>${name}</text>`,
    ),
    '</svg>',
  ].join('\n');
}

export function renderConfusionPng(metrics: Metrics, title?: string): Promise<Buffer> {
  return svgToPng(confusionSvg(metrics, title));
}

export function renderTrainingCurvePng(history: readonly EpochReport[], title?: string): Promise<Buffer> {
  return svgToPng(trainingCurveSvg(history, title));
}
