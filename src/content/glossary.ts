// One word for each idea, in each language, and one register in Korean (해요체), for everything a
// student reads: the lessons, the quiz, the challenge and its grader's feedback, and the bot's own
// words. test/content/glossary.test.ts holds every content file and every Korean string in
// commands/ and src/core to it. To change a term, change it here and fix what the test then names.

export interface Term {
  /** The word to write. */
  use: string;
  /** What it means, for the person choosing a word. */
  means: string;
  /** Spellings and synonyms that must not appear. */
  avoid: RegExp;
}

/** A letter of Hangul before the match: `베이스` is wrong alone, right inside `데이터베이스`. */
const NOT_AFTER_HANGUL = '(?<![\\uAC00-\\uD7A3])';

export const KOREAN_TERMS: Term[] = [
  // 층, not 레이어: it matches the compounds Korean already fixed (은닉층, 출력층, 완전 연결 층).
  { use: '층', means: 'layer', avoid: /레이어/u },
  { use: '분류 헤드', means: 'classifier head', avoid: /분류기\s*헤드/u },
  { use: '백본', means: 'backbone, the frozen base', avoid: new RegExp(`${NOT_AFTER_HANGUL}베이스(?!라인)|기반 모델|백본망`, 'u') },
  {
    use: '동결',
    means: 'freeze, frozen',
    avoid:
      /(?:백본|베이스|층|가중치|파라미터|모델)(?:을|를|이|가|은|는|도)?\s*고정|고정(?:된|한|해 둔|시킨)\s*(?:백본|베이스|층|가중치|파라미터|모델)|\(고정\)|프리즈/u,
  },
  { use: '특징', means: 'feature', avoid: new RegExp(`피처|${NOT_AFTER_HANGUL}특성`, 'u') },
  { use: '특징 추출', means: 'feature extraction', avoid: /특징추출/u },
  { use: '미세 조정', means: 'fine-tuning', avoid: /미세조정|미세\s?튜닝|파인\s?튜닝/u },
  // 학습 for training as well as learning (학습률, 전이 학습), as the classifier's own messages say.
  { use: '학습', means: 'training, to train', avoid: /훈련/u },
  { use: '사전 학습된', means: 'pretrained', avoid: /사전학습|미리 학습된|프리트레인/u },
  { use: '전이 학습', means: 'transfer learning', avoid: /전이학습|트랜스퍼\s?러닝/u },
  { use: 'PyTorch', means: 'PyTorch (names of libraries stay in Latin letters)', avoid: /파이토치/u },
  { use: 'TensorFlow.js', means: 'TensorFlow.js', avoid: /텐서플로/u },
  { use: 'Keras', means: 'Keras', avoid: /케라스/u },
  { use: 'ImageNet', means: 'ImageNet', avoid: /이미지넷/u },
  { use: '클래스', means: 'class, category', avoid: new RegExp(`${NOT_AFTER_HANGUL}범주|카테고리`, 'u') },
  { use: '데이터셋', means: 'dataset', avoid: /데이터\s?세트/u },
  { use: '파라미터', means: 'parameter', avoid: /매개\s?변수/u },
  { use: '옵티마이저', means: 'optimizer', avoid: /최적화기|최적화 도구/u },
  { use: '레이블', means: 'label', avoid: /라벨/u },
  { use: '에포크', means: 'epoch', avoid: /에폭/u },
  { use: '신뢰도', means: 'confidence', avoid: /확신도/u },
  { use: '기울기', means: 'gradient', avoid: /그래디언트|그레이디언트/u },
  { use: '딥러닝', means: 'deep learning', avoid: /딥 러닝|심층 학습/u },
  { use: '데이터 증강', means: 'data augmentation', avoid: /어그멘테이션|데이터 확장/u },
  { use: '완전 연결 층', means: 'fully connected (linear, dense) layer', avoid: /전결합|밀집\s?층|덴스\s?층/u },
  { use: '검증 세트, 테스트 세트', means: 'validation set, test set', avoid: /검증셋|테스트셋|시험 세트/u },
  // Translationese the issue found: "training examples", "wants you to write".
  { use: '학습 사진, 학습 데이터', means: 'training examples', avoid: /(?:학습|훈련)\s?예제/u },
  { use: '~해 주세요, ~해야 해요', means: 'please do, you need to', avoid: /주(?:길|기를) 바라요/u },
];

export const ENGLISH_TERMS: Term[] = [
  { use: 'pretrained', means: 'pretrained', avoid: /\bpre[- ]trained\b/i },
  { use: 'fine-tuning, fine-tune', means: 'fine-tuning', avoid: /\bfine ?tun(?:e|ed|es|ing)\b|\bfinetun/i },
  { use: 'classifier head', means: 'the new last layer', avoid: /\bclassification head\b/i },
  { use: 'dataset', means: 'dataset', avoid: /\bdata set\b/i },
  { use: 'PyTorch', means: 'PyTorch', avoid: /\bPytorch\b|\bpyTorch\b/ },
  { use: 'ImageNet', means: 'ImageNet', avoid: /\bImagenet\b/ },
  { use: 'TensorFlow.js', means: 'TensorFlow.js', avoid: /\bTensorflow\b/ },
];

/**
 * 해요체 only: no 합니다체 ("아닙니다.", "엽니다") and no 반말 or 한다체 ("알아본다", "맞아.").
 * A Korean sentence ends in 요 or 죠; a label or a title may end in a noun.
 */
const HANGUL = '[\\uAC00-\\uD7A3]';
/** Syllables ending in ㅂ (습, 합, 입, 됩 …): "-ㅂ니다", "-ㅂ니까" are 합니다체; "-니까" alone is "because". */
const WITH_B_FINAL = Array.from({ length: 399 }, (_, i) => String.fromCharCode(0xac00 + i * 28 + 17)).join('');
const FORMAL = new RegExp(`[${WITH_B_FINAL}](?:니다|니까)(?=[\\s.!?,)"'”’]|$)`, 'u');
const PLAIN = new RegExp(`(?<=${HANGUL})(?<!니)다(?=[.!?]|$)|(?<=${HANGUL})(?:야|지|해|어|아|게|네|자|냐|니|래|군)(?=[.!?](?:\\s|$))`, 'u');

export type Language = 'ko' | 'en';

/** What is wrong with one text: each problem names the term or register to use instead. */
export function glossaryProblems(text: string, lang: Language): string[] {
  const problems: string[] = [];
  for (const term of lang === 'ko' ? KOREAN_TERMS : ENGLISH_TERMS) {
    const found = term.avoid.exec(text);
    if (found) problems.push(`"${found[0]}": write "${term.use}" (${term.means})`);
  }
  if (lang === 'ko') {
    const formal = FORMAL.exec(text);
    if (formal) problems.push(`"${formal[0]}": 합니다체; write 해요체 (예: 아니에요, 열어요, 없어요)`);
    const plain = PLAIN.exec(text);
    if (plain) problems.push(`"…${text.slice(Math.max(0, plain.index - 3), plain.index + plain[0].length)}": 반말/한다체; write 해요체`);
  }
  return problems;
}
