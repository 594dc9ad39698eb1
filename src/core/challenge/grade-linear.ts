// Grades a "write the layer" step: finds the one layer the answer builds and checks its class and
// its arguments the way Python would bind them to nn.Linear(in_features, out_features, bias=True,
// device=None, dtype=None).
import type { Arg, Expr, Statement } from './parse-python.ts';
import { parseProgram } from './parse-python.ts';
import { tokenize } from './tokenize.ts';
import type { CorrectNote, FeedbackDetail, VerdictCode } from './feedback.ts';

export interface Outcome {
  code: VerdictCode;
  detail?: FeedbackDetail;
}

export interface LinearExpectation {
  inFeatures: number;
  outFeatures: number;
}

const LINEAR_PARAMETERS = ['in_features', 'out_features', 'bias', 'device', 'dtype'] as const;
// Methods that hand back the same layer, so `nn.Linear(512, 7).to(device)` is still that layer.
const SAME_LAYER_METHODS = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'requires_grad_', 'train']);
const IMAGENET_CLASSES = 1000;
const MAX_SHOWN_NAME = 40;

type Parsed = { ok: true; layers: Expr[] } | { ok: false; code: 'unbalanced' | 'not-code' };

/** The layers an answer builds: the calls on the right of its statements (imports and aliases aside). */
export function findLayerCalls(answer: string): Parsed {
  const tokens = tokenize(answer);
  if (!tokens.ok) return { ok: false, code: 'unbalanced' };
  const program = parseProgram(tokens.tokens);
  if (program === undefined) return { ok: false, code: 'not-code' };
  const layers = program.flatMap((s: Statement) => (s.kind === 'expression' && s.value.kind === 'call' ? [unwrapSameLayer(s.value)] : []));
  return { ok: true, layers };
}

export function gradeLinear(expected: LinearExpectation, answer: string): Outcome {
  const parsed = findLayerCalls(answer);
  if (!parsed.ok) return { code: parsed.code };
  if (parsed.layers.length === 0) return { code: 'not-code' };
  if (parsed.layers.length > 1) return { code: 'several-layers' };
  const layer = parsed.layers[0] as Expr;
  if (layer.kind !== 'call') return { code: 'wrong-layer' };
  const className = lastName(layer.callee);
  if (className === undefined) return { code: 'wrong-layer' };
  const name = className.slice(0, MAX_SHOWN_NAME);
  if (className === 'LazyLinear') return { code: 'lazy-linear' };
  if (className.toLowerCase() === 'dense') return { code: 'not-pytorch' };
  if (className !== 'Linear') {
    return { code: className.toLowerCase() === 'linear' ? 'wrong-case' : 'wrong-layer', detail: { name } };
  }
  return gradeLinearArgs(expected, layer.args);
}

function gradeLinearArgs(expected: LinearExpectation, args: Arg[]): Outcome {
  const bound = bindArgs(args);
  if ('code' in bound) return bound;
  const inFeatures = bound.get('in_features');
  const outFeatures = bound.get('out_features');
  if (inFeatures === undefined || outFeatures === undefined) return { code: 'missing-args' };
  const bias = bound.get('bias');
  if (bias !== undefined && !isBool(bias)) return { code: 'bad-bias' };

  const notes: CorrectNote[] = [];
  let actualIn = sizeOf(inFeatures);
  // `nn.Linear(model.fc.in_features, 7)` is how PyTorch code usually reads the backbone's size.
  if (actualIn === undefined && inFeatures.kind === 'attribute' && inFeatures.name === 'in_features') {
    actualIn = expected.inFeatures;
    notes.push('in-from-model');
  }
  const actualOut = sizeOf(outFeatures);
  if (actualIn === undefined || actualOut === undefined) return { code: 'sizes-not-integers' };
  if (bias?.kind === 'name' && bias.name === 'False') notes.push('bias-false');

  const inRight = actualIn === expected.inFeatures;
  const outRight = actualOut === expected.outFeatures;
  if (inRight && outRight) return { code: 'correct', detail: { notes } };
  if (actualIn === expected.outFeatures && actualOut === expected.inFeatures) return { code: 'swapped' };
  if (actualOut === IMAGENET_CLASSES) return { code: 'classes-1000' };
  if (outRight) return { code: 'wrong-in' };
  if (inRight) return { code: 'wrong-out' };
  return { code: 'wrong-sizes' };
}

/** Binds arguments to nn.Linear's parameters as Python would, or says why Python would refuse. */
function bindArgs(args: Arg[]): Map<string, Expr> | Outcome {
  const bound = new Map<string, Expr>();
  const positional = args.filter((a) => a.keyword === undefined);
  const firstKeyword = args.findIndex((a) => a.keyword !== undefined);
  if (firstKeyword !== -1 && args.slice(firstKeyword).some((a) => a.keyword === undefined)) {
    return { code: 'positional-after-keyword' };
  }
  // A third positional argument is bias; device and dtype are only ever passed by name in practice.
  if (positional.length > 3 || (positional.length === 3 && !isBool((positional[2] as Arg).value))) {
    return { code: 'extra-args' };
  }
  positional.forEach((arg, i) => bound.set(LINEAR_PARAMETERS[i] as string, arg.value));
  for (const { keyword, value } of args) {
    if (keyword === undefined) continue;
    const name = keyword.slice(0, MAX_SHOWN_NAME);
    if (!(LINEAR_PARAMETERS as readonly string[]).includes(keyword)) return { code: 'unknown-arg', detail: { name } };
    if (bound.has(keyword)) return { code: 'duplicate-arg', detail: { name } };
    bound.set(keyword, value);
  }
  return bound;
}

function sizeOf(expr: Expr): number | undefined {
  return expr.kind === 'number' && expr.integer && expr.value > 0 ? expr.value : undefined;
}

function isBool(expr: Expr): boolean {
  return expr.kind === 'name' && (expr.name === 'True' || expr.name === 'False');
}

function lastName(callee: Expr): string | undefined {
  if (callee.kind === 'name') return callee.name;
  if (callee.kind === 'attribute') return callee.name;
  return undefined;
}

function unwrapSameLayer(call: Expr): Expr {
  let expr = call;
  while (expr.kind === 'call' && expr.callee.kind === 'attribute' && SAME_LAYER_METHODS.has(expr.callee.name) && expr.callee.object.kind === 'call') {
    expr = expr.callee.object;
  }
  return expr;
}
