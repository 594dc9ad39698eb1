// The value of an integer expression an answer writes for a size: `512`, `2**9`, `0x200`, `256*2`,
// `3 + 4`, `14 // 2`. It folds the parsed tree with integer arithmetic the way Python would; nothing
// is ever run, and only literals and the operators below take part (a name, a call, a string or a
// decimal is "not an integer"). Powers that would grow past any layer size stop at "too large".
import type { Expr } from './parse-python.ts';
import { readCode } from './parse-python.ts';

/** Past this no layer could be built; the value is reported as Infinity ("a very large number"). */
const LARGEST = 2n ** 53n;

/** The integer value, Infinity when it is too large to matter, undefined when it isn't an integer. */
export function integerValue(expr: Expr): number | undefined {
  const value = fold(expr);
  if (value === undefined) return undefined;
  if (value >= LARGEST || value <= -LARGEST) return value > 0n ? Infinity : -Infinity;
  return Number(value);
}

/** The value of a piece of text that is one integer expression and nothing else. */
export function integerExpressionValue(text: string): number | undefined {
  const code = readCode(text);
  if (!code.ok || code.statements.length !== 1) return undefined;
  const [statement] = code.statements;
  if (statement?.kind !== 'expression' || statement.targets.length > 0) return undefined;
  return integerValue(statement.value);
}

function fold(expr: Expr): bigint | undefined {
  if (expr.kind === 'number') return expr.integer && Number.isSafeInteger(expr.value) ? BigInt(expr.value) : undefined;
  if (expr.kind === 'negative') {
    const operand = fold(expr.operand);
    return operand === undefined ? undefined : -operand;
  }
  if (expr.kind !== 'binary') return undefined;
  const left = fold(expr.left);
  const right = fold(expr.right);
  if (left === undefined || right === undefined) return undefined;
  return clamp(apply(expr.op, left, right));
}

function apply(op: Extract<Expr, { kind: 'binary' }>['op'], left: bigint, right: bigint): bigint | undefined {
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '//':
      return right === 0n ? undefined : floorDiv(left, right);
    case '%':
      return right === 0n ? undefined : left - right * floorDiv(left, right);
    case '**':
      return power(left, right);
    // `1024 / 2` is 512.0 in Python: a float, which no layer size may be.
    case '/':
      return undefined;
  }
}

function power(base: bigint, exponent: bigint): bigint | undefined {
  // A negative power is a fraction in Python (2 ** -1 == 0.5).
  if (exponent < 0n) return base === 1n ? 1n : undefined;
  if (base === 0n) return exponent === 0n ? 1n : 0n;
  if (base === 1n) return 1n;
  if (base === -1n) return exponent % 2n === 0n ? 1n : -1n;
  // |base| ≥ 2, so past 54 the result is beyond LARGEST whatever the base: no need to compute it.
  return exponent > 54n ? (base < 0n && exponent % 2n === 1n ? -LARGEST : LARGEST) : base ** exponent;
}

/** Keeps intermediate values small, so `9**9**9` or a long product costs nothing. */
function clamp(value: bigint | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (value > LARGEST * LARGEST) return LARGEST * LARGEST;
  if (value < -LARGEST * LARGEST) return -LARGEST * LARGEST;
  return value;
}

function floorDiv(left: bigint, right: bigint): bigint {
  const quotient = left / right;
  return left % right !== 0n && left < 0n !== right < 0n ? quotient - 1n : quotient;
}
