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
    // A model's number and a step label are not sizes.
    ['512 (ResNet-18)', 'correct'],
    ['ResNet-18의 출력은 512', 'correct'],
    ['512 # ResNet-18', 'correct'],
    ['resnet 18 gives 512', 'correct'],
    ['VGG16 would give more; ResNet-18 gives 512', 'correct'],
    ['512 (step 1)', 'correct'],
    ['Step 1: 512', 'correct'],
    ['1단계: 512', 'correct'],
    ['정답은 512', 'correct'],
    ['>>> 512', 'correct'],
    ['ResNet-18', 'not-a-number'],
    ['512 or 7 (step 1)', 'several-numbers'],
    ['ResNet-18: 512 or 2048', 'several-numbers'],
    ['size-512', 'correct'],
    ['ResNet-50 gives 2048', 'wrong-number'],
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
    // What an answer says about its numbers: their side of the layer, and what it denies.
    ['Input 512, output 7', 'correct'],
    ["It must match the base's output of 512, not the 7 classes", 'correct'],
    ['512 (not 1000)', 'correct'],
    ['1000 아니고 512', 'correct'],
    ['512 아닌가요?', 'correct'],
    ['not 512', 'negated'],
    ['512는 아니에요', 'negated'],
    ['Not 512, it is 1000', 'classes-1000'],
    ['Input 7, output 512', 'in-out-mixed'],
    ['7 or 512, not sure', 'several-numbers'],
    // Numbers in words and Python integer expressions, folded, never run.
    ['five hundred and twelve', 'correct'],
    ['오백십이 개', 'correct'],
    ['2**9', 'correct'],
    ['0x200', 'correct'],
    ['256 * 2', 'correct'],
    ['0b1000000000', 'correct'],
    ['1024 / 2', 'several-numbers'],
    ['2**10', 'wrong-number'],
    ['9**9**9', 'wrong-number'],
    ['백본', 'not-a-number'],
    ['512.5', 'not-a-count'],
    ['-512', 'not-a-count'],
    ['0', 'not-a-count'],
    ['🍕', 'not-a-number'],
    ['five hundred twelve', 'correct'],
    ['오백십이', 'correct'],
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
    ['7 (step 3)', 'correct'],
    ['3단계 답: 7', 'correct'],
    ['ResNet-18 → 7', 'correct'],
    ['7 (not 1000 like ImageNet)', 'correct'],
    ['Input 512, output 7', 'correct'],
    ['seven', 'correct'],
    ['일곱 개', 'correct'],
    ['칠이요', 'correct'],
    ['3 + 4', 'correct'],
    ['7 is the input', 'role-mismatch'],
    ['in_features=7', 'role-mismatch'],
    ['not 7', 'negated'],
    ['7이 아니라 1000', 'classes-1000'],
    ['the output is 512, the input is 7', 'in-out-mixed'],
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
      ['nn.Linear(2**9, 7)', 'correct'],
      ['nn.Linear(0x200, 0x7)', 'correct'],
      ['nn.Linear(in_features=256*2, out_features=3 + 4)', 'correct'],
      ['n = 2**9\nnn.Linear(n, 7)', 'correct'],
      ['nn.Linear(512, 7, device="cpu", dtype=torch.float32)', 'correct'],
      ['nn.Linear（５１２，７）', 'correct'],
      ['새_층 = nn.Linear(512, 7)', 'correct'],
      ['nn.Linear(512,\u200b 7)\ufeff', 'correct'],
    ]);
  });

  describe('a head wrapped in nn.Sequential: the one Linear inside is graded', () => {
    table(layer, [
      ['model.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7))', 'correct'],
      ['nn.Sequential(nn.Linear(512, 7))', 'correct'],
      ['model.fc = nn.Sequential(nn.Dropout(p=0.5), nn.Linear(in_features=512, out_features=7))', 'correct'],
      ['nn.Sequential(nn.Flatten(), nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7)))', 'correct'],
      ['nn.Sequential(nn.Dropout(0.2), nn.Linear(7, 512))', 'swapped'],
      ['nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 1000))', 'classes-1000'],
      ['nn.Sequential(nn.Dropout(0.2), nn.linear(512, 7))', 'wrong-case'],
      ['nn.Sequential(nn.LazyLinear(7))', 'lazy-linear'],
      ['nn.Sequential(nn.Dropout(0.2))', 'sequential-no-linear'],
      ['nn.Sequential()', 'sequential-no-linear'],
      ['nn.Sequential(nn.Conv2d(512, 7, 1))', 'sequential-no-linear'],
      ['nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 7))', 'sequential-several-linear'],
      ['nn.Sequential(nn.Linear(512, 7), nn.Sequential(nn.Linear(7, 7)))', 'sequential-several-linear'],
      ['tf.keras.Sequential([tf.keras.layers.Dense(7)])', 'not-pytorch'],
    ]);
  });

  describe('lines around the head that build no layer', () => {
    table(layer, [
      ['model.fc = nn.Linear(512, 7)\nprint(model)', 'correct'],
      ['model.fc = nn.Linear(512, 7)\nmodel.fc.requires_grad_(True)', 'correct'],
      ['model.fc = nn.Linear(512, 7)\noptimizer = optim.Adam(model.fc.parameters())', 'correct'],
      ['model.fc = nn.Linear(512, 7)\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.SGD(model.fc.parameters(), lr=0.01)', 'correct'],
      ['for p in model.parameters(): p.requires_grad = False\nmodel.fc = nn.Linear(512, 7)', 'correct'],
      ['for param in model.parameters():\n    param.requires_grad = False\nmodel.fc = nn.Linear(512, 7)', 'correct'],
      ['for name, p in model.named_parameters(): p.requires_grad_(False)\nmodel.fc = nn.Linear(512, 7)', 'correct'],
      ['model = torchvision.models.resnet18(weights="DEFAULT")\nmodel.fc = nn.Linear(512, 7)', 'correct'],
      ['setattr(model, "fc", nn.Linear(512, 7))', 'correct'],
      ['for p in model.parameters(): p.requires_grad = False\nmodel.fc = nn.Linear(7, 512)', 'swapped'],
      ['model.fc = nn.Linear(512, 7)\nprint(model)\nmodel.fc = nn.Linear(512, 7)', 'several-layers'],
      ['model.fc = nn.Linear(512, 7)\nmodel.fc = nn.Dropout(0.2)', 'several-layers'],
      ['for p in model.parameters(): p.requires_grad = False\nnew_layer = nn.Linear(512, 7)\nmodel.fc = nn.Linear(512, 7)', 'several-layers'],
      ['print(model)', 'not-code'],
      ['for p in model.parameters(): p.requires_grad = False', 'not-code'],
      ['for p in model.parameters() p.requires_grad = False\nmodel.fc = nn.Linear(512, 7)', 'not-code'],
      ['for p in model.parameters():', 'not-code'],
    ]);
  });

  describe('sizes held in names the answer sets', () => {
    table(layer, [
      ['num_classes = 7\nmodel.fc = nn.Linear(512, num_classes)', 'correct'],
      ['in_features = 512\nnum_classes = 7\nnew_layer = nn.Linear(in_features, num_classes)', 'correct'],
      ['n = 7; new_layer = nn.Linear(in_features=512, out_features=n)', 'correct'],
      ['NUM_CLASSES = 7\nnn.Linear(512, NUM_CLASSES, bias=False)', 'correct'],
      ['a = 7\nb = a\nnn.Linear(512, b)', 'correct'],
      ['num_ftrs = model.fc.in_features\nmodel.fc = nn.Linear(num_ftrs, 7)', 'correct'],
      ['num_classes = 7\nmodel.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, num_classes))', 'correct'],
      ['num_classes = 10\nnn.Linear(512, num_classes)', 'wrong-out'],
      ['num_classes = 7\nnum_classes = 10\nnn.Linear(512, num_classes)', 'wrong-out'],
      ['num_classes = 512\nin_features = 7\nnn.Linear(in_features, num_classes)', 'swapped'],
      // Set after the layer is built: Python would stop with a NameError.
      ['nn.Linear(512, num_classes)\nnum_classes = 7', 'sizes-not-integers'],
      ['num_classes = "7"\nnn.Linear(512, num_classes)', 'sizes-not-integers'],
      ['num_classes = 7.0\nnn.Linear(512, num_classes)', 'sizes-not-integers'],
      ['num_classes = len(classes)\nnn.Linear(512, num_classes)', 'sizes-not-integers'],
      ['num_classes = 7\nnum_classes = len(classes)\nnn.Linear(512, num_classes)', 'sizes-not-integers'],
      ['num_classes = -7\nnn.Linear(512, num_classes)', 'sizes-not-integers'],
    ]);
  });

  describe('code among words: the code is graded, the words set aside', () => {
    table(layer, [
      ['nn.Linear(512, 7) 입니다', 'correct'],
      ['nn.Linear(512,7)\n입니다', 'correct'],
      ['nn.Linear(512, 7)\n이게 정답인 것 같아요', 'correct'],
      ['답은 nn.Linear(512, 7)', 'correct'],
      ['정답은 nn.Linear(512, 7)', 'correct'],
      ['답: nn.Linear(512, 7)', 'correct'],
      ['nn.Linear(512, 7) ← 이거요', 'correct'],
      ['nn.Linear(512, 7) 입니다 :)', 'correct'],
      ['정답은 new_layer = torch.nn.Linear(512, 7) 입니다!', 'correct'],
      ["I think it's nn.Linear(512, 7).", 'correct'],
      ['nn.Linear(512, 7) (입력 512, 출력 7)', 'correct'],
      ['nn.Linear(512, 7).to(device) 이렇게요 🙂', 'correct'],
      ['>>> nn.Linear(512, 7)', 'correct'],
      ['>>> import torch.nn as nn\n>>> new_layer = nn.Linear(512, 7)\n>>> new_layer\nLinear(in_features=512, out_features=7, bias=True)', 'correct'],
      ['>>> new_layer = nn.Linear(\n...     512, 7)', 'correct'],
      ['In [3]: new_layer = nn.Linear(512, 7)', 'correct'],
      ['nn.Linear(7, 512) 입니다', 'swapped'],
      ['nn.Sequential(nn.Linear(512, 256), nn.Linear(256, 7)) 입니다', 'sequential-several-linear'],
      ['nn.Linear(512, 7) 아니면 nn.Linear(7, 512)?', 'several-layers'],
      // Words or comments that deny what the answer wrote.
      ['I would not use nn.Linear(512, 7)', 'negated'],
      ['torch.nn.Linear(512, 7)을 쓰면 안 됩니다', 'negated'],
      ['nn.Linear(512, 7) is wrong', 'negated'],
      ['nn.Linear(512, 7)이 아니라 nn.Linear(7, 512)', 'swapped'],
      ['Linear(512, 7)  # not 512', 'comment-contradicts'],
      ['nn.Linear(512, 7)  # 512가 아니라 1000', 'comment-contradicts'],
      ['nn.Linear(512, 7)  # not 1000', 'correct'],
      ["nn.Linear(512, 7)  # '#' not 7", 'comment-contradicts'],
      ["I'm not sure, but nn.Linear(512, 7)", 'correct'],
      // Words that could be code are not set aside: then the answer is not read as code at all.
      ['lambda: nn.Linear(512, 7)', 'not-code'],
      ['nn.Linear(512, 7) if ready else None', 'not-code'],
      ['"nn.Linear(512, 7)" 입니다', 'not-code'],
      ['x = 5 그리고 nn.Linear(512, 7)', 'not-code'],
      ['nn.Linear(512, 7) * 2 입니다', 'not-code'],
      ['nn.Linear(512, 7) 입니다 print(x', 'unbalanced'],
      ['선형 층이고 크기는 512, 7 입니다', 'not-code'],
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
      [inputSize, ['512', '', 'x'.repeat(MAX_ANSWER_LENGTH + 1), '🍕', '512 or 7', '-1', 'nn.Linear(512, 7)', '99', '7', '1000', 'not 512', 'output 512']],
      [
        layer,
        [
          'nn.Linear(7, 512)',
          'nn.Linear(9, 7)',
          'nn.Linear(512, 9)',
          'nn.Linear(9, 9)',
          'nn.Conv2d(512, 7, 1)',
          'nn.linear(512, 7)',
          'nn.LazyLinear(7)',
          'tf.layers.dense({units: 7})',
          'nn.Linear(512, 7',
          'hello there',
          'a = nn.Linear(1, 2)\nb = nn.Linear(3, 4)',
          'nn.Linear(512)',
          'nn.Linear(512, 7, 3)',
          'nn.Linear(512, 7, size=3)',
          'nn.Linear(512, 7, out_features=7)',
          'nn.Linear(in_features=512, 7)',
          'nn.Linear("512", 7)',
          'nn.Linear(512, 7, bias=1)',
          'nn.Sequential(nn.ReLU())',
          'nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 3))',
          'nn.Linear(512, 7)  # not 512',
        ],
      ],
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
    for (const answer of [
      'nn.Linear(7, 512)',
      'nn.Linear(2048, 7)',
      'nn.Linear(512, 10)',
      'nn.Linear(512, 1000)',
      'nn.Conv2d(1, 2, 3)',
      'nn.Sequential(nn.Dropout(0.2))',
      'nn.Sequential(nn.Linear(512, 256), nn.Linear(256, 7))',
      'nn.Linear(num_features, num_classes)',
    ]) {
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

  it('says a Sequential wrapper is fine, and what to fix when the Linear inside is missing or doubled', () => {
    const wrapped = gradeAnswer(layer, 'model.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7))');
    expect(wrapped.correct).toBe(true);
    expect(wrapped.feedback.en).toContain('nn.Sequential is fine');
    expect(wrapped.feedback.ko).toContain('nn.Sequential로 감싸도 괜찮아요');
    const empty = gradeAnswer(layer, 'nn.Sequential(nn.Dropout(0.2))').feedback;
    expect(empty.en).toContain('no nn.Linear');
    expect(empty.ko).toContain('nn.Linear가 없어요');
    const several = gradeAnswer(layer, 'nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 7))').feedback;
    expect(several.en).toContain('more than one nn.Linear');
    expect(several.ko).toContain('여러 개');
  });

  it('notes words set aside around right code, and only then', () => {
    for (const answer of ['nn.Linear(512, 7) 입니다', 'nn.Linear(512,7)\n입니다', "I think it's nn.Linear(512, 7)."]) {
      const { correct, feedback } = gradeAnswer(layer, answer);
      expect(correct, answer).toBe(true);
      expect(feedback.en, answer).toContain('write the code alone');
      expect(feedback.ko, answer).toContain('코드만 적어야 해요');
    }
    // A label or a prompt is not words mixed into the code.
    for (const answer of [
      '정답: nn.Linear(512, 7)',
      '답은 nn.Linear(512, 7)',
      '>>> nn.Linear(512, 7)',
      'nn.Linear(512, 7)  # 음식 7종류',
      '새_층 = nn.Linear(512, 7)\n새_층',
    ]) {
      expect(gradeAnswer(layer, answer).feedback.en, answer).toBe('Correct, well done!');
    }
    // A wrong answer gets the mistake, not the note.
    expect(gradeAnswer(layer, 'nn.Linear(7, 512) 입니다').feedback.en).not.toContain('alone');
  });

  it('gives code among words, after a label or a prompt the verdict of the code alone', () => {
    const answers = [
      'torch.nn.Linear(512, 7)',
      'new_layer = nn.Linear(512, 7, bias=False)',
      'model.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7))',
      'nn.Linear(7, 512)',
      'nn.Linear(2048, 7)',
      'nn.Linear(512, 10)',
      'nn.Linear(512, 1000)',
      'nn.Conv2d(512, 7, 1)',
      'nn.linear(512, 7)',
      'nn.LazyLinear(7)',
      'nn.Linear(512)',
      'nn.Linear(512, 7, 3)',
      'nn.Linear(512, 7, activation="relu")',
      'nn.Linear(512, 7, in_features=512)',
      'nn.Linear(in_features=512, 7)',
      'nn.Linear("512", "7")',
      'nn.Linear(512, 7, bias="yes")',
      'nn.Sequential(nn.ReLU())',
      'nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 3))',
      'keras.layers.Dense(7, input_shape=(512,))',
      'nn.Linear(model.fc.in_features, 7).to(device)',
    ];
    const around = [
      (code: string) => `${code} 입니다`,
      (code: string) => `${code}\n입니다`,
      (code: string) => `답은 ${code}`,
      (code: string) => `>>> ${code}`,
      (code: string) => `I think it's ${code}.`,
      (code: string) => `${code} ← 이거요 🙂`,
      (code: string) => `정답은 ${code} 입니다 :)`,
    ];
    for (const code of answers) {
      const alone = gradeAnswer(layer, code, challenge).code;
      for (const wrap of around) expect(gradeAnswer(layer, wrap(code), challenge).code, wrap(code)).toBe(alone);
    }
  });

  it('calls a number too long to show "a very large number", never Infinity', () => {
    const { code, feedback } = gradeAnswer(inputSize, `${'9'.repeat(400)} or 512`, challenge);
    expect(code).toBe('several-numbers');
    expect(feedback.en).toContain('(a very large number, 512)');
    expect(feedback.ko).toContain('(아주 큰 수, 512)');
    expect(`${feedback.en} ${feedback.ko}`).not.toMatch(/Infinity|e\+/);
    expect(gradeAnswer(inputSize, '0.0000001 or 512').feedback.en).toContain('(0.0000001, 512)');
    expect(gradeAnswer(inputSize, '1,000,000 or 512').feedback.en).toContain('(1000000, 512)');
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
    'nn.Linear(0x200, 8)',
    'nn.Linear(512, eval("7"))',
    'nn.Linear(512, __import__("os").system("ls"))',
    'nn.Linear(512, 7 ** 99999999)',
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
    const alphabet = [
      'n',
      'Linear',
      '.',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      '=',
      '512',
      '7',
      ' ',
      '\n',
      '"',
      "'",
      '#',
      ';',
      ':',
      '-',
      '개',
      '🎉',
      '５',
      '`',
      'bias',
      'True',
      '\\',
      'Sequential',
      'for ',
      ' in ',
      '>>> ',
      '... ',
      '입니다',
      '답은 ',
      'lambda',
      'ResNet-18',
      'step 1',
      "it's",
    ];
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
