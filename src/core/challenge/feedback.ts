// What the grader tells a member, in both languages. Each text names the mistake and points at the
// reasoning (what comes in, what goes out) without handing over the expected numbers.
import type { Language, Localized } from '../reply.ts';

export const VERDICT_CODES = [
  'correct',
  'empty',
  'too-long',
  // number steps
  'not-a-number',
  'several-numbers',
  'not-a-count',
  'code-for-number',
  'wrong-number',
  'in-out-mixed',
  'role-mismatch',
  'classes-1000',
  // either kind of step: the answer denies what it wrote ("not 512", "nn.Linear(512, 7)을 쓰면 안 돼요")
  'negated',
  'comment-contradicts',
  // code steps
  'swapped',
  'wrong-in',
  'wrong-out',
  'wrong-sizes',
  'wrong-layer',
  'sequential-no-linear',
  'sequential-several-linear',
  'wrong-case',
  'lazy-linear',
  'not-pytorch',
  'unbalanced',
  'not-code',
  'several-layers',
  'missing-args',
  'extra-args',
  'unknown-arg',
  'duplicate-arg',
  'positional-after-keyword',
  'sizes-not-integers',
  'bad-bias',
] as const;

export type VerdictCode = (typeof VERDICT_CODES)[number];

/** Which side of the new layer a number step asks about, when the challenge tells us. */
export type SizeRole = 'in' | 'out';

export type CorrectNote = 'bias-false' | 'in-from-model' | 'out-from-classes' | 'in-sequential' | 'code-among-words';

export interface FeedbackDetail {
  /** A name from the answer (a layer class, an argument), already made safe to show. */
  name?: string;
  numbers?: number[];
  role?: SizeRole;
  notes?: CorrectNote[];
}

type Texts = { [C in VerdictCode]: (detail: FeedbackDetail, maxLength: number) => Localized };

const NOTES: Record<CorrectNote, Localized> = {
  'bias-false': {
    en: 'Note: with bias=False the layer has no bias term. That still works, though a classifier head usually keeps its bias.',
    ko: '참고로 bias=False로 두면 편향(bias) 항이 없는 층이 돼요. 그래도 동작하지만, 분류 헤드는 보통 편향을 그대로 둬요.',
  },
  'in-from-model': {
    en: 'Reading the input size from the old head (its in_features) is a good habit: it always matches the backbone.',
    ko: '기존 헤드의 in_features에서 입력 크기를 읽어 오는 건 좋은 습관이에요. 백본이 무엇이든 크기가 항상 맞으니까요.',
  },
  'out-from-classes': {
    en: 'Counting the classes with len(class_names) is a good habit: the head stays right when a class is added.',
    ko: 'len(class_names)로 클래스 수를 세는 건 좋은 습관이에요. 클래스를 더해도 헤드 크기가 저절로 맞으니까요.',
  },
  'in-sequential': {
    en: 'Wrapping the layer in nn.Sequential is fine: the nn.Linear inside is the layer that scores the classes.',
    ko: 'nn.Sequential로 감싸도 괜찮아요. 클래스 점수를 내는 건 그 안의 nn.Linear 층이에요.',
  },
  'code-among-words': {
    en: 'I graded the code and set the words around it aside. In a notebook, write the code alone: mixed-in words make Python report a syntax error.',
    ko: '코드 앞뒤의 말은 빼고 코드만 채점했어요. 노트북에서는 다른 말 없이 코드만 적어야 해요. 말이 섞여 있으면 파이썬이 문법 오류를 내거든요.',
  },
};

const WRONG_NUMBER: Record<SizeRole | 'unknown', Localized> = {
  in: {
    en: 'Not quite. The new layer’s input has to match what the frozen backbone hands over: how many features does its last layer output?',
    ko: '아쉽지만 아니에요. 새 층의 입력은 동결된 백본이 넘겨주는 것과 맞아야 해요. 백본의 마지막 층은 특징을 몇 개 내보내나요?',
  },
  out: {
    en: 'Not quite. The new layer gives one score per class: how many classes does your project sort photos into?',
    ko: '아쉽지만 아니에요. 새 층은 클래스마다 점수를 하나씩 내놓아요. 프로젝트에서 사진을 몇 개의 클래스로 나누나요?',
  },
  unknown: {
    en: 'Not quite. Reread the scenario and think about which size this step asks for.',
    ko: '아쉽지만 아니에요. 시나리오를 다시 읽고, 이 단계가 어떤 크기를 묻는지 생각해 보세요.',
  },
};

const IN_OUT_MIXED: Record<SizeRole, Localized> = {
  in: {
    en: 'That is the layer’s output size. This step asks about its input: the features the frozen backbone hands over to the new layer.',
    ko: '그건 새 층의 출력 크기예요. 이 단계는 입력 크기, 곧 동결된 백본이 새 층에 넘겨주는 특징의 수를 묻고 있어요.',
  },
  out: {
    en: 'That is the layer’s input size, the features coming from the backbone. This step asks about its output: one score per class.',
    ko: '그건 새 층의 입력 크기, 곧 백본에서 들어오는 특징의 수예요. 이 단계는 출력 크기를 묻고 있어요. 출력은 클래스마다 점수 하나예요.',
  },
};

const ROLE_MISMATCH: Record<SizeRole, Localized> = {
  in: {
    en: 'Your answer calls that number the layer’s output. This step asks about its input: what the frozen backbone hands over.',
    ko: '답에서 그 숫자를 새 층의 출력이라고 했어요. 이 단계는 입력, 곧 동결된 백본이 넘겨주는 특징의 수를 묻고 있어요.',
  },
  out: {
    en: 'Your answer calls that number the layer’s input. This step asks about its output: one score per class.',
    ko: '답에서 그 숫자를 새 층의 입력이라고 했어요. 이 단계는 출력, 곧 클래스마다 하나씩 나오는 점수의 수를 묻고 있어요.',
  },
};

const TEXTS: Texts = {
  correct: ({ notes = [] }) => join({ en: 'Correct, well done!', ko: '정답이에요. 잘했어요!' }, ...notes.map((note) => NOTES[note])),
  empty: () => ({
    en: 'Your answer is empty. Type your answer and send it again.',
    ko: '답이 비어 있어요. 답을 입력해서 다시 보내 주세요.',
  }),
  'too-long': (_, max) => ({
    en: `That answer is longer than ${max} characters. This step needs only a short answer: a number or one line of code.`,
    ko: `답이 ${max}자를 넘어요. 이 단계는 숫자 하나나 코드 한 줄이면 충분해요.`,
  }),
  'not-a-number': () => ({
    en: 'I couldn’t find a number in your answer. Write the size in digits, for example 42.',
    ko: '답에서 숫자를 찾지 못했어요. 크기를 숫자로 적어 주세요(예: 42).',
  }),
  'several-numbers': ({ numbers = [] }) => ({
    en: `Your answer has more than one number (${numbers.map((n) => showNumber(n, 'en')).join(', ')}). Pick the one size this step asks for.`,
    ko: `답에 숫자가 여러 개 있어요(${numbers.map((n) => showNumber(n, 'ko')).join(', ')}). 이 단계에서 묻는 크기 하나만 골라 주세요.`,
  }),
  'not-a-count': () => ({
    en: 'A feature size counts values, so it is a positive whole number.',
    ko: '특징 크기는 값의 개수라서 양의 정수여야 해요.',
  }),
  'code-for-number': () => ({
    en: 'This step asks for a single number, not the code of the layer. Which size is the question about?',
    ko: '이 단계는 층을 만드는 코드가 아니라 숫자 하나를 묻고 있어요. 질문이 어떤 크기를 묻는지 다시 읽어 보세요.',
  }),
  'wrong-number': ({ role }) => WRONG_NUMBER[role ?? 'unknown'],
  'in-out-mixed': ({ role }) => IN_OUT_MIXED[role ?? 'in'],
  'role-mismatch': ({ role }) => ROLE_MISMATCH[role ?? 'in'],
  negated: () => ({
    en: 'Your answer says what it is not, but not what it is. Write the answer you mean, without “not”.',
    ko: '답이 무엇이 아닌지만 말하고, 무엇인지는 말하지 않아요. 생각하는 답을 부정하는 말 없이 적어 주세요.',
  }),
  'comment-contradicts': () => ({
    en: 'Your comment says a size in the code is not the right one. Which do you mean? Send the code you believe is right, with no comment against it.',
    ko: '주석에서 코드에 쓴 크기가 틀렸다고 말하고 있어요. 어느 쪽이 생각하는 답인가요? 맞다고 생각하는 코드를, 그 코드를 부정하는 주석 없이 보내 주세요.',
  }),
  'classes-1000': () => ({
    en: '1000 is the number of ImageNet classes: the size of the old head we are replacing. The new layer sits on the backbone’s features and scores our own classes.',
    ko: '1000은 ImageNet의 클래스 수, 즉 우리가 교체하려는 기존 헤드의 크기예요. 새 층은 백본의 특징을 받아 우리 프로젝트의 클래스에 점수를 매겨야 해요.',
  }),
  swapped: () => ({
    en: 'In and out are swapped: the layer takes the backbone’s features in and gives one score per class out. Check the order of the two sizes.',
    ko: '입력과 출력이 뒤바뀌었어요. 이 층은 백본의 특징을 입력으로 받고, 클래스마다 점수를 하나씩 출력해요. 두 크기의 순서를 확인해 보세요.',
  }),
  'wrong-in': () => ({
    en: 'The output size is right, but the input size doesn’t match the backbone: it must equal the number of features the frozen base outputs.',
    ko: '출력 크기는 맞지만 입력 크기가 백본과 맞지 않아요. 입력 크기는 동결된 백본이 내보내는 특징의 수와 같아야 해요.',
  }),
  'wrong-out': () => ({
    en: 'The input size is right, but the output size isn’t: the layer needs exactly one output per class in the project.',
    ko: '입력 크기는 맞지만 출력 크기가 틀렸어요. 출력은 프로젝트의 클래스마다 정확히 하나씩 있어야 해요.',
  }),
  'wrong-sizes': () => ({
    en: 'Both sizes are off. The input must match the backbone’s features, and the output the number of classes.',
    ko: '두 크기가 모두 틀렸어요. 입력은 백본이 내보내는 특징의 수와, 출력은 클래스 수와 같아야 해요.',
  }),
  'wrong-layer': ({ name }) => ({
    en: `${name ? `\`${name}\` is` : 'That is'} a different kind of layer. The new head here is a plain fully connected layer that turns features into class scores.`,
    ko: `${name ? `\`${name}\`은(는)` : '그건'} 다른 종류의 층이에요. 여기서 새 헤드는 특징을 클래스 점수로 바꾸는 평범한 완전 연결(fully connected) 층이에요.`,
  }),
  'sequential-no-linear': () => ({
    en: 'nn.Sequential only holds other layers, and there is no nn.Linear among them. The new head needs the fully connected layer that turns the backbone’s features into class scores: put it inside, or write that layer on its own.',
    ko: 'nn.Sequential은 다른 층을 담는 그릇일 뿐인데, 그 안에 nn.Linear가 없어요. 새 헤드에는 백본의 특징을 클래스 점수로 바꾸는 완전 연결 층이 필요해요. 그 층을 안에 넣거나, 그 층만 따로 적어 주세요.',
  }),
  'sequential-several-linear': () => ({
    en: 'Your nn.Sequential holds more than one nn.Linear. A head with a hidden layer can work too, but this step asks for the single layer that goes straight from the backbone’s features to the class scores.',
    ko: 'nn.Sequential 안에 nn.Linear가 여러 개 있어요. 은닉층을 둔 헤드도 만들 수는 있지만, 이 단계는 백본의 특징을 곧바로 클래스 점수로 바꾸는 층 하나를 묻고 있어요.',
  }),
  'wrong-case': ({ name }) => ({
    en: `Python is case-sensitive, and \`${name ?? ''}\` is not the name of the layer class. Check the capital letters.`,
    ko: `파이썬은 대소문자를 구분해요. \`${name ?? ''}\`은(는) 층 클래스의 이름이 아니에요. 대문자를 확인해 보세요.`,
  }),
  'lazy-linear': () => ({
    en: 'LazyLinear would run, but it only works out the input size at the first forward pass. This step asks you to state the input size yourself.',
    ko: 'LazyLinear도 동작은 하지만, 입력 크기를 첫 순전파 때 스스로 정해요. 이 단계에서는 입력 크기를 직접 적어 주세요.',
  }),
  'not-pytorch': () => ({
    en: 'That looks like Keras or TensorFlow.js. This step asks for the PyTorch code, with the torch.nn module.',
    ko: 'Keras나 TensorFlow.js 문법처럼 보여요. 이 단계는 torch.nn 모듈을 쓰는 PyTorch 코드를 묻고 있어요.',
  }),
  unbalanced: () => ({
    en: 'The brackets or quotes don’t pair up: every ( needs its ), and every quote needs a closing one.',
    ko: '괄호나 따옴표의 짝이 맞지 않아요. 여는 괄호마다 닫는 괄호가, 여는 따옴표마다 닫는 따옴표가 있어야 해요.',
  }),
  'not-code': () => ({
    en: 'I couldn’t read that as Python code. Answer with the line that creates the layer, as you would type it in a notebook.',
    ko: '파이썬 코드로 읽히지 않아요. 노트북에 입력하듯, 층을 만드는 코드 한 줄로 답해 주세요.',
  }),
  'several-layers': () => ({
    en: 'Your answer builds more than one thing. This step asks for the single new layer.',
    ko: '답에서 여러 개를 만들고 있어요. 이 단계는 새 층 하나만 묻고 있어요.',
  }),
  'missing-args': () => ({
    en: 'The layer needs two sizes, how many features come in and how many scores go out, and one of them is missing.',
    ko: '이 층에는 크기 두 개, 즉 들어오는 특징의 수와 나가는 점수의 수가 필요한데 그중 하나가 빠졌어요.',
  }),
  'extra-args': () => ({
    en: 'There are more positional arguments than the layer takes: after the two sizes, only bias (True or False) may follow.',
    ko: '층이 받는 것보다 위치 인자가 많아요. 두 크기 다음에는 bias(True 또는 False)만 올 수 있어요.',
  }),
  'unknown-arg': ({ name }) => ({
    en: `The layer has no argument called \`${name ?? ''}\`. Its two sizes are called in_features and out_features.`,
    ko: `이 층에는 \`${name ?? ''}\` 인자가 없어요. 두 크기를 나타내는 인자의 이름은 in_features와 out_features예요.`,
  }),
  'duplicate-arg': ({ name }) => ({
    en: `\`${name ?? ''}\` is given twice. Give each argument only once.`,
    ko: `\`${name ?? ''}\` 값이 두 번 주어졌어요. 인자마다 한 번만 적어 주세요.`,
  }),
  'positional-after-keyword': () => ({
    en: 'In Python, plain arguments come before name=value arguments. Move the bare numbers to the front.',
    ko: '파이썬에서는 이름=값 형태의 인자보다 위치 인자가 먼저 와야 해요. 숫자만 있는 인자를 앞으로 옮겨 주세요.',
  }),
  'sizes-not-integers': () => ({
    en: 'Both sizes must be positive whole numbers, not text in quotes or decimals. A variable works only if your answer gives it a value first, such as `n = 3` on an earlier line.',
    ko: '두 크기는 양의 정수여야 해요. 따옴표 안의 문자열이나 소수는 안 돼요. 변수를 쓰려면 답 안에서 먼저 값을 넣어 주세요(예: 앞줄에 `n = 3`).',
  }),
  'bad-bias': () => ({
    en: 'bias takes True or False.',
    ko: 'bias에는 True나 False만 넣을 수 있어요.',
  }),
};

export function feedbackFor(code: VerdictCode, detail: FeedbackDetail, maxLength: number): Localized {
  return TEXTS[code](detail, maxLength);
}

const LARGE_NUMBER: Localized = { en: 'a very large number', ko: '아주 큰 수' };
// Below this every number prints as its digits; a 400-digit answer would print as "Infinity".
const LARGEST_SHOWN = 1e15;

/** A number in plain digits, or "a very large number" when it is too long to show. */
function showNumber(value: number, language: Language): string {
  if (!Number.isFinite(value) || Math.abs(value) >= LARGEST_SHOWN) return LARGE_NUMBER[language];
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function join(...parts: Localized[]): Localized {
  return { en: parts.map((p) => p.en).join(' '), ko: parts.map((p) => p.ko).join(' ') };
}
