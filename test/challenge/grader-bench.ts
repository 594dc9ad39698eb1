// Prints how long one grading takes, for ordinary answers and for the worst inputs the length limit
// lets through. Run: npx tsx test/challenge/grader-bench.ts
import { performance } from 'node:perf_hooks';
import { gradeAnswer, MAX_ANSWER_LENGTH, type StepGrader } from '../../src/core/challenge/grade.ts';

const layer: StepGrader = { kind: 'linear', inFeatures: 512, outFeatures: 7 };
const size: StepGrader = { kind: 'number', expected: 512 };
const challenge = [size, layer, { kind: 'number', expected: 7 } as StepGrader];

const cases: [string, StepGrader, string][] = [
  ['number "512개"', size, '512개'],
  ['code, one line', layer, 'new_layer = torch.nn.Linear(512, 7)'],
  ['code, fenced with an import', layer, '```python\nimport torch\nnew_layer = torch.nn.Linear(in_features=512, out_features=7, bias=True)\n```'],
  ['500 chars of digits and commas', size, '1,'.repeat(MAX_ANSWER_LENGTH / 2)],
  ['500 chars, nested calls', layer, `${'f('.repeat(40)}1${')'.repeat(40)}`.padEnd(MAX_ANSWER_LENGTH, ' ')],
  ['500 chars of open brackets', layer, '('.repeat(MAX_ANSWER_LENGTH)],
  ['code among words', layer, '정답은 new_layer = torch.nn.Linear(512, 7) 입니다 :)'],
  ['sizes and their sides, a denial', size, "It must match the base's output of 512, not the 7 classes"],
  ['numbers in words', size, '오백십이 개, five hundred and twelve'],
  ['integer expressions', layer, 'new_layer = nn.Linear(2**9, 0x7)  # not 1000'],
  ['500 chars of 9**9**9…', size, '9**'.repeat(MAX_ANSWER_LENGTH / 3 - 1).concat('9')],
  ['500 chars of number words', size, 'five hundred and '.repeat(MAX_ANSWER_LENGTH / 17)],
  ['500 chars, unclosed calls in words', layer, 'f('.repeat(MAX_ANSWER_LENGTH / 2)],
  ['500 chars, calls among words', layer, 'a.b(1) 가 '.repeat(MAX_ANSWER_LENGTH / 10)],
  ['500 chars, one long dotted name', layer, `${'a.'.repeat(MAX_ANSWER_LENGTH / 2 - 1)}a`],
  ['500 emoji', layer, '🍕'.repeat(MAX_ANSWER_LENGTH / 2)],
  ['10 kB answer (refused)', layer, 'nn.Linear(512, 7) '.repeat(600)],
  ['1 MB answer (refused)', layer, 'x'.repeat(1_000_000)],
];

const ROUNDS = 2_000;
for (const [label, grader, answer] of cases) {
  for (let i = 0; i < 50; i += 1) gradeAnswer(grader, answer, challenge);
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) gradeAnswer(grader, answer, challenge);
  const micros = ((performance.now() - start) * 1000) / ROUNDS;
  console.log(`${label.padEnd(34)} ${micros.toFixed(1).padStart(8)} µs/answer  (${gradeAnswer(grader, answer, challenge).code})`);
}
