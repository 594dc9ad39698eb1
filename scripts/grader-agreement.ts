// npm run grader:agreement: how often the challenge grader agrees with the labelled answers, per
// step and overall (agreement, precision and recall of "right"), then every disagreement.
// `-- --set test/challenge/holdout-answers.json` measures another labelled set (the hold-out one,
// written after the grader was improved and never used to change it).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadLessons } from '../src/core/lessons/content.ts';
import { agreement, LABELLED_ANSWERS, measureAgreement, precision, readLabelledAnswers, recall, type Tally } from './lib/grader-agreement.ts';

const LESSON = 7;
const { values } = parseArgs({ options: { set: { type: 'string' } } });
const setPath = values.set ? resolve(values.set) : LABELLED_ANSWERS;

const lesson = (await loadLessons()).get(LESSON);
if (!lesson) throw new Error(`lesson ${LESSON} is missing`);
const report = measureAgreement(lesson, await readLabelledAnswers(setPath));

const percent = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(7);
const line = (label: string, t: Tally) =>
  `${label.padEnd(12)} ${String(t.answers).padStart(4)} answers  agreement ${percent(agreement(t))} (${t.agreed}/${t.answers})  precision ${percent(precision(t))}  recall ${percent(recall(t))}`;

console.log(`Lesson ${LESSON} challenge grader against ${report.graded.length} labelled answers (${setPath})`);
console.log('clear-cut answers:');
for (const [key, t] of Object.entries(report.clearCut).filter(([k]) => k !== 'all')) console.log(line(`  step ${key}`, t));
console.log(line('  overall', report.clearCut.all!));
console.log(line('borderline', report.borderline));

const disagreements = report.graded.filter((g) => !g.agrees);
if (disagreements.length > 0) console.log(`\ndisagreements (${disagreements.length}):`);
for (const g of disagreements) {
  const kind = g.clearCut ? 'clear-cut ' : 'borderline';
  console.log(`  ${kind} step ${g.step} labelled ${g.expected.padEnd(5)} graded ${g.verdict.code.padEnd(18)} ${JSON.stringify(g.answer)}`);
}
