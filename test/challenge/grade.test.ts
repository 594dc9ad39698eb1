import { describe, expect, it } from 'vitest';
import { gradeAnswer, MAX_ANSWER_LENGTH, VERDICT_CODES, type StepGrader, type VerdictCode } from '../../src/core/challenge/grade.ts';

// The lesson 7 challenge: a ResNet backbone with 512 features, FoodVision's 7 classes.
const inputSize: StepGrader = { kind: 'number', expected: 512 };
const layer: StepGrader = { kind: 'linear', inFeatures: 512, outFeatures: 7 };
const outputSize: StepGrader = { kind: 'number', expected: 7 };
const challenge = [inputSize, layer, outputSize];

type Row = [answer: string, code: VerdictCode];

function table(grader: StepGrader, rows: Row[]): void {
  it.each(rows)('%j → %s', (answer, code) => {
    const verdict = gradeAnswer(grader, answer, challenge);
    expect(verdict.code).toBe(code);
    expect(verdict.correct).toBe(code === 'correct');
  });
}

describe('step 1: input feature size', () => {
  table(inputSize, [
    ['512', 'correct'],
    [' 512 ', 'correct'],
    ['\n\t512\n', 'correct'],
    ['512개', 'correct'],
    ['512.', 'correct'],
    ['512.0', 'correct'],
    ['in_features=512', 'correct'],
    ['in_features = 512', 'correct'],
    ['Size: 512', 'correct'],
    ['Size: 512.', 'correct'],
    ['크기: 512', 'correct'],
    ['크기는 512입니다', 'correct'],
    ['512 features', 'correct'],
    ['５１２', 'correct'],
    ['`512`', 'correct'],
    ['512개 🎉', 'correct'],
    ['512 (512)', 'correct'],
    ['resnet18 gives 512', 'correct'],
    ['7', 'in-out-mixed'],
    ['out_features=7', 'in-out-mixed'],
    ['1000', 'classes-1000'],
    ['1,000', 'classes-1000'],
    ['2048', 'wrong-number'],
    ['768', 'wrong-number'],
    ['512 or 7', 'several-numbers'],
    ['512, 7', 'several-numbers'],
    ['5 1 2', 'several-numbers'],
    ['nn.Linear(512, 7)', 'code-for-number'],
    ['new_layer = torch.nn.Linear(512, 7)', 'code-for-number'],
    ['512.5', 'not-a-count'],
    ['-512', 'not-a-count'],
    ['0', 'not-a-count'],
    ['🍕', 'not-a-number'],
    ['five hundred twelve', 'not-a-number'],
    ['오백십이', 'not-a-number'],
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['``', 'empty'],
  ]);
});

describe('step 3: output feature size', () => {
  table(outputSize, [
    ['7', 'correct'],
    ['7개', 'correct'],
    ['7 classes', 'correct'],
    ['out_features=7', 'correct'],
    ['Size: 7.', 'correct'],
    ['７', 'correct'],
    ['512', 'in-out-mixed'],
    ['1000', 'classes-1000'],
    ['10', 'wrong-number'],
    ['7 or 512', 'several-numbers'],
  ]);
});

describe('step 2: the new layer', () => {
  describe('spellings people write', () => {
    table(layer, [
      ['torch.nn.Linear(512, 7)', 'correct'],
      ['nn.Linear(512,7)', 'correct'],
      ['Linear(512, 7)', 'correct'],
      ['torch.nn.Linear(in_features=512, out_features=7)', 'correct'],
      ['nn.Linear(out_features=7, in_features=512)', 'correct'],
      ['nn.Linear(512, out_features=7)', 'correct'],
      ['new_layer = torch.nn.Linear(512, 7)', 'correct'],
      ['new_layer=nn.Linear(512, 7, bias=True)', 'correct'],
      ['nn.Linear(512, 7, True)', 'correct'],
      ['torch.nn.Linear(512, 7, bias=False)', 'correct'],
      ['model.fc = nn.Linear(512, 7)', 'correct'],
      ['model.classifier[1] = nn.Linear(512, 7)', 'correct'],
      ['self.fc = nn.Linear(512, 7)', 'correct'],
      ['new_layer = torch.nn.Linear(512, 7);', 'correct'],
      ['nn.Linear(512, 7,)', 'correct'],
      ['`nn.Linear(512, 7)`', 'correct'],
      ['```nn.Linear(512, 7)```', 'correct'],
      ['```python\nnew_layer = torch.nn.Linear(512, 7)\n```', 'correct'],
      ['```\r\nnew_layer = nn.Linear(512, 7)\r\n```', 'correct'],
      ['  new_layer  =  torch.nn.Linear(  512 ,  7  )  \n\n', 'correct'],
      ['new_layer = nn.Linear(\n    512,\n    7,\n)', 'correct'],
      ['import torch\nnew_layer = torch.nn.Linear(512, 7)', 'correct'],
      ['from torch import nn; new_layer = nn.Linear(512, 7)', 'correct'],
      ['new_layer = nn.Linear(512, 7)\nmodel.fc = new_layer', 'correct'],
      ['new_layer = nn.Linear(512, 7)  # 7 food classes', 'correct'],
      ['new_layer = nn.Linear(512, 7)  # 음식 7종류', 'correct'],
      ['new_layer = nn.Linear(512, 7) 🎉', 'correct'],
      ['Code: new_layer = torch.nn.Linear(512, 7)', 'correct'],
      ['정답: nn.Linear(512, 7)', 'correct'],
      ['nn.Linear(512, 7).to(device)', 'correct'],
      ['nn.Linear(model.fc.in_features, 7)', 'correct'],
      ['nn.Linear(5_12, 7)', 'correct'],
      ['nn.Linear(512, 7, device="cpu", dtype=torch.float32)', 'correct'],
      ['nn.Linear（５１２，７）', 'correct'],
      ['새_층 = nn.Linear(512, 7)', 'correct'],
      ['nn.Linear(512,\u200b 7)\ufeff', 'correct'],
    ]);
  });

  describe('named mistakes', () => {
    table(layer, [
      ['nn.Linear(7, 512)', 'swapped'],
      ['nn.Linear(in_features=7, out_features=512)', 'swapped'],
      ['nn.Linear(512, 1000)', 'classes-1000'],
      ['nn.Linear(2048, 1000)', 'classes-1000'],
      ['nn.Linear(2048, 7)', 'wrong-in'],
      ['nn.Linear(768, 7)', 'wrong-in'],
      ['nn.Linear(512, 10)', 'wrong-out'],
      ['nn.Linear(2048, 10)', 'wrong-sizes'],
      ['nn.Conv2d(512, 7, 1)', 'wrong-layer'],
      ['nn.Sequential(nn.Linear(512, 7))', 'wrong-layer'],
      ['nn.Bilinear(512, 512, 7)', 'wrong-layer'],
      ['nn.LazyLinear(7)', 'lazy-linear'],
      ['nn.linear(512, 7)', 'wrong-case'],
      ['F.linear(x, w)', 'wrong-case'],
      ['tf.layers.dense({units: 7, inputShape: [512]})', 'not-pytorch'],
      ['const head = tf.layers.dense({units: 7, inputShape: [512]});', 'not-pytorch'],
      ['keras.layers.Dense(7, input_shape=(512,))', 'not-pytorch'],
      ['nn.Linear(512, 7', 'unbalanced'],
      ['nn.Linear(512, 7))', 'unbalanced'],
      ['nn.Linear(512, 7]', 'unbalanced'],
      ['nn.Linear(512, 7, device="cpu)', 'unbalanced'],
      ['512 and 7', 'not-code'],
      ['Linear 512 7', 'not-code'],
      ['a linear layer from 512 to 7', 'not-code'],
      ['nn.Linear', 'not-code'],
      ['512', 'not-code'],
      ['🍕', 'not-code'],
      ['선형 층을 만들어요', 'not-code'],
      ['nn.Linear(512, 7) 입니다', 'not-code'],
      ['nn.Linear(*sizes)', 'not-code'],
      ['nn.Linear(512)', 'missing-args'],
      ['nn.Linear()', 'missing-args'],
      ['nn.Linear(in_features=512)', 'missing-args'],
      ['nn.Linear(512, bias=True)', 'missing-args'],
      ['nn.Linear(512, 7, 3)', 'extra-args'],
      ['nn.Linear(512, 7, True, "cpu")', 'extra-args'],
      ['nn.Linear(512, 7, activation="relu")', 'unknown-arg'],
      ['nn.Linear(in_feature=512, out_features=7)', 'unknown-arg'],
      ['nn.Linear(512, 7, in_features=512)', 'duplicate-arg'],
      ['nn.Linear(in_features=512, in_features=512, out_features=7)', 'duplicate-arg'],
      ['nn.Linear(in_features=512, 7)', 'positional-after-keyword'],
      ['nn.Linear("512", "7")', 'sizes-not-integers'],
      ['nn.Linear(512.0, 7)', 'sizes-not-integers'],
      ['nn.Linear(num_features, num_classes)', 'sizes-not-integers'],
      ['nn.Linear(-512, 7)', 'sizes-not-integers'],
      ['nn.Linear(0, 7)', 'sizes-not-integers'],
      ['nn.Linear(512, 7, bias="yes")', 'bad-bias'],
      ['a = nn.Linear(512, 7)\nb = nn.Linear(512, 7)', 'several-layers'],
      ['', 'empty'],
      ['```python\n```', 'empty'],
    ]);
  });
});

describe('feedback', () => {
  it('says what the mistake is in both languages, for every code', () => {
    // One answer per code, across the three steps, so each text is produced by a real grading.
    const samples = new Map<VerdictCode, [StepGrader, string]>();
    const answers: [StepGrader, string[]][] = [
      [inputSize, ['512', '', 'x'.repeat(MAX_ANSWER_LENGTH + 1), '🍕', '512 or 7', '-1', 'nn.Linear(512, 7)', '99', '7', '1000']],
      [layer, ['nn.Linear(7, 512)', 'nn.Linear(9, 7)', 'nn.Linear(512, 9)', 'nn.Linear(9, 9)', 'nn.Conv2d(512, 7, 1)', 'nn.linear(512, 7)',
        'nn.LazyLinear(7)', 'tf.layers.dense({units: 7})', 'nn.Linear(512, 7', 'hello there', 'a = nn.Linear(1, 2)\nb = nn.Linear(3, 4)',
        'nn.Linear(512)', 'nn.Linear(512, 7, 3)', 'nn.Linear(512, 7, size=3)', 'nn.Linear(512, 7, out_features=7)',
        'nn.Linear(in_features=512, 7)', 'nn.Linear("512", 7)', 'nn.Linear(512, 7, bias=1)']],
    ];
    for (const [grader, texts] of answers) {
      for (const answer of texts) samples.set(gradeAnswer(grader, answer, challenge).code, [grader, answer]);
    }
    expect([...samples.keys()].sort()).toEqual([...VERDICT_CODES].sort());
    for (const [code, [grader, answer]] of samples) {
      const { feedback } = gradeAnswer(grader, answer, challenge);
      expect(feedback.en.trim().length, code).toBeGreaterThan(10);
      expect(feedback.ko, code).toMatch(/[가-힣]/);
      expect(feedback.en, code).not.toMatch(/[가-힣]/);
      expect(`${feedback.en} ${feedback.ko}`, code).not.toMatch(/undefined|NaN|\$\{|``/);
      expect(feedback.ko, code).not.toBe(feedback.en);
    }
  });

  it('names the layer, the argument and the numbers it found', () => {
    expect(gradeAnswer(layer, 'nn.Conv2d(512, 7, 1)').feedback.en).toContain('Conv2d');
    expect(gradeAnswer(layer, 'nn.Conv2d(512, 7, 1)').feedback.ko).toContain('Conv2d');
    expect(gradeAnswer(layer, 'nn.Linear(512, 7, activation="relu")').feedback.en).toContain('activation');
    expect(gradeAnswer(layer, 'nn.Linear(512, 7, activation="relu")').feedback.ko).toContain('activation');
    expect(gradeAnswer(inputSize, '512 or 7').feedback.ko).toContain('512, 7');
  });

  it('does not give the expected sizes away when the answer is wrong', () => {
    for (const answer of ['nn.Linear(7, 512)', 'nn.Linear(2048, 7)', 'nn.Linear(512, 10)', 'nn.Linear(512, 1000)', 'nn.Conv2d(1, 2, 3)']) {
      const { feedback } = gradeAnswer(layer, answer, challenge);
      expect(`${feedback.en} ${feedback.ko}`, answer).not.toMatch(/\b512\b|(?<![\d.])7(?![\d.])/);
    }
    for (const answer of ['7', '99', '1000']) {
      const { feedback } = gradeAnswer(inputSize, answer, challenge);
      expect(`${feedback.en} ${feedback.ko}`, answer).not.toMatch(/\b512\b/);
    }
  });

  it('gives the in/out hint on a number step only from the challenge it belongs to', () => {
    expect(gradeAnswer(inputSize, '7', challenge).feedback.en).toContain('output size');
    expect(gradeAnswer(outputSize, '512', challenge).feedback.en).toContain('input size');
    // Without the challenge's layer step there is no way to know 7 is the other side of the layer.
    expect(gradeAnswer(inputSize, '7').code).toBe('wrong-number');
  });

  it('notes bias=False and in_features read from the old head, while still marking them right', () => {
    const noBias = gradeAnswer(layer, 'torch.nn.Linear(512, 7, bias=False)');
    expect(noBias.correct).toBe(true);
    expect(noBias.feedback.en).toContain('bias=False');
    expect(noBias.feedback.ko).toContain('bias=False');
    const fromModel = gradeAnswer(layer, 'nn.Linear(model.fc.in_features, 7)');
    expect(fromModel.correct).toBe(true);
    expect(fromModel.feedback.en).toContain('in_features');
    expect(gradeAnswer(layer, 'nn.Linear(512, 7)').feedback.en).not.toContain('bias');
  });
});

describe('hostile and odd input', () => {
  it('refuses a 10 kB answer unread', () => {
    const tenKb = `nn.Linear(512, 7)${' # padding'.repeat(1_000)}`;
    expect(tenKb.length).toBeGreaterThan(10_000);
    for (const grader of challenge) expect(gradeAnswer(grader, tenKb).code).toBe('too-long');
    expect(gradeAnswer(inputSize, '1'.repeat(MAX_ANSWER_LENGTH + 1)).code).toBe('too-long');
    // Padding around a short answer is not held against it.
    expect(gradeAnswer(inputSize, `${' '.repeat(10_000)}512${'\n'.repeat(10_000)}`).code).toBe('correct');
    expect(gradeAnswer(inputSize, `${'5'.repeat(MAX_ANSWER_LENGTH)}`).code).toBe('wrong-number');
  });

  const weird = [
    '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((',
    // Nested deeper than the parser goes, yet under the length limit.
    `${'nn.Linear('.repeat(42)}512, 7${')'.repeat(42)}`,
    `${'-'.repeat(200)}512`,
    `${'['.repeat(120)}${']'.repeat(120)}`,
    '\u0000\u0001\u0002',
    '\ud800',
    '\udc00nn.Linear(512, 7)\ud800',
    '👨‍👩‍👧‍👦🏳️‍🌈🍕🍕🍕',
    '５１２개 🎉🎉',
    'ﷺ'.repeat(100),
    '"""nn.Linear(512, 7)"""',
    "'''",
    '\\',
    'nn.Linear(512, 7) \\\n',
    '= = = =',
    '=nn.Linear(512, 7)',
    'nn.Linear(512, 7) = x',
    '.'.repeat(400),
    '1e999',
    'nn.Linear(1e999, 7)',
    '9'.repeat(400),
    `nn.Linear(${'9'.repeat(400)}, 7)`,
    'nn.Linear(0x200, 7)',
    '{}[]()',
    'lambda: nn.Linear(512, 7)',
    '__import__("os").system("rm -rf /")',
    'eval("nn.Linear(512, 7)")',
    'nn.Linear(512, 7)\u202e',
    '<script>alert(1)</script>',
    "'; DROP TABLE members; --",
    '```',
    '`````',
    '\u3000５１２\u3000',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    'constructor',
    '__proto__',
    'toString',
  ];

  it('never throws, and always answers with a known code and feedback', () => {
    for (const grader of challenge) {
      for (const answer of weird) {
        const verdict = gradeAnswer(grader, answer, challenge);
        expect(VERDICT_CODES, answer).toContain(verdict.code);
        expect(verdict.feedback.en.length, answer).toBeGreaterThan(0);
        expect(verdict.feedback.ko.length, answer).toBeGreaterThan(0);
      }
    }
  });

  it('never marks dangerous or nonsense code as right', () => {
    for (const answer of weird) {
      expect(gradeAnswer(layer, answer, challenge).correct, answer).toBe(false);
    }
  });

  it('survives random strings built from the characters answers are made of', () => {
    const alphabet = ['n', 'Linear', '.', '(', ')', '[', ']', '{', '}', ',', '=', '512', '7', ' ', '\n', '"', "'", '#', ';', ':', '-', '개', '🎉', '５', '`', 'bias', 'True', '\\'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2_000; n += 1) {
      const length = 1 + Math.floor(random() * 30);
      const answer = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      for (const grader of challenge) expect(VERDICT_CODES).toContain(gradeAnswer(grader, answer, challenge).code);
    }
  });
});

describe('the real lesson 7 challenge', () => {
  it('grades the seed solutions as right and the usual mix-ups by name', async () => {
    const { loadLessons } = await import('../../src/core/lessons/content.ts');
    const steps = (await loadLessons()).get(7)?.challenge.steps ?? [];
    expect(steps).toHaveLength(3);
    const graders = steps.map((s) => s.grader);
    const [first, second, third] = graders as [StepGrader, StepGrader, StepGrader];
    expect(gradeAnswer(first, 'Size: 512.', graders).code).toBe('correct');
    expect(gradeAnswer(second, 'new_layer = torch.nn.Linear(512, 7)', graders).code).toBe('correct');
    expect(gradeAnswer(third, 'Size: 7.', graders).code).toBe('correct');
    expect(gradeAnswer(first, '7', graders).code).toBe('in-out-mixed');
    expect(gradeAnswer(second, 'torch.nn.Linear(7, 512)', graders).code).toBe('swapped');
    expect(gradeAnswer(third, '1000', graders).code).toBe('classes-1000');
  });
});
