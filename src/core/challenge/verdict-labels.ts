// Short names of the grader's verdicts, for the instructor's analytics (the member sees the full
// feedback in feedback.ts). A verdict stored by an older grader falls back to its code.
import type { Localized } from '../reply.ts';
import { VERDICT_CODES, type VerdictCode } from './feedback.ts';

const LABELS: Record<VerdictCode, Localized> = {
  correct: { ko: '정답', en: 'correct' },
  empty: { ko: '빈 답', en: 'empty answer' },
  'too-long': { ko: '너무 긴 답', en: 'answer too long' },
  'not-a-number': { ko: '숫자가 아님', en: 'not a number' },
  'several-numbers': { ko: '숫자 여러 개', en: 'several numbers' },
  'not-a-count': { ko: '개수가 아닌 수', en: 'not a whole count' },
  'code-for-number': { ko: '숫자 대신 코드', en: 'code instead of a number' },
  'wrong-number': { ko: '틀린 숫자', en: 'wrong number' },
  'in-out-mixed': { ko: '입력·출력 크기 혼동', en: 'input and output size mixed up' },
  'role-mismatch': { ko: '숫자의 역할을 거꾸로 말함', en: 'number given the wrong role' },
  negated: { ko: '부정한 답', en: 'answer negated' },
  'comment-contradicts': { ko: '주석이 코드와 어긋남', en: 'comment contradicts the code' },
  'classes-1000': { ko: 'ImageNet의 1000개 클래스', en: "ImageNet's 1000 classes" },
  swapped: { ko: '입력·출력 순서 바뀜', en: 'sizes swapped' },
  'wrong-in': { ko: '틀린 입력 크기', en: 'wrong input size' },
  'wrong-out': { ko: '틀린 출력 크기', en: 'wrong output size' },
  'wrong-sizes': { ko: '두 크기 모두 틀림', en: 'both sizes wrong' },
  'wrong-layer': { ko: '다른 종류의 층', en: 'wrong kind of layer' },
  'sequential-no-linear': { ko: 'Sequential 안에 Linear 없음', en: 'Sequential without a Linear' },
  'sequential-several-linear': { ko: 'Sequential 안에 Linear 여러 개', en: 'Sequential with several Linears' },
  'wrong-case': { ko: '대소문자 틀림', en: 'wrong capitalisation' },
  'lazy-linear': { ko: 'LazyLinear 사용', en: 'LazyLinear used' },
  'not-pytorch': { ko: 'PyTorch가 아닌 코드', en: 'not PyTorch' },
  unbalanced: { ko: '괄호 짝이 안 맞음', en: 'unbalanced brackets' },
  'not-code': { ko: '코드가 아님', en: 'not code' },
  'several-layers': { ko: '층 여러 개', en: 'several layers' },
  'missing-args': { ko: '인자 빠짐', en: 'missing arguments' },
  'extra-args': { ko: '인자 너무 많음', en: 'extra arguments' },
  'unknown-arg': { ko: '모르는 인자', en: 'unknown argument' },
  'duplicate-arg': { ko: '같은 인자 두 번', en: 'argument given twice' },
  'positional-after-keyword': { ko: '키워드 인자 뒤 위치 인자', en: 'positional after keyword argument' },
  'sizes-not-integers': { ko: '크기가 정수가 아님', en: 'sizes not integers' },
  'bad-bias': { ko: '잘못된 bias 값', en: 'bad bias value' },
};

export function verdictLabel(code: string): Localized {
  return (VERDICT_CODES as readonly string[]).includes(code) ? LABELS[code as VerdictCode] : { ko: code, en: code };
}
