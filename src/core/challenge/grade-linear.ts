// Grades a "write the layer" step: finds the one layer the answer builds and checks its class and
// its arguments the way Python would bind them to nn.Linear(in_features, out_features, bias=True,
// device=None, dtype=None). Sizes may be integer expressions (`2**9`, `0x200`), folded, never run.
// An answer that denies what it wrote is not taken as written: a call its words deny ("I would not
// use nn.Linear(512, 7)") is not built, and a comment or word denying a size the layer uses
// ("nn.Linear(512, 7)  # not 512") gets asked which one is meant.
import { codeInProse } from './code-in-prose.ts';
import { integerValue } from './int-expression.ts';
import { numberMentions } from './number-mentions.ts';
import type { Arg, Expr, Statement } from './parse-python.ts';
import { readCode } from './parse-python.ts';
import type { CorrectNote, FeedbackDetail, VerdictCode } from './feedback.ts';
import { commentsOf } from './tokenize.ts';

export interface Outcome {
  code: VerdictCode;
  detail?: FeedbackDetail;
}

export interface LinearExpectation {
  inFeatures: number;
  outFeatures: number;
  /** The name of the scenario's list of classes, so `len(class_names)` counts as the output size. */
  classList?: string;
}

type Call = Extract<Expr, { kind: 'call' }>;
/** What the answer's own `name = <value>` lines hold at some point: `num_classes = 7`. */
type Names = ReadonlyMap<string, Expr>;
/** A layer the answer builds, with the names known at the line that builds it. */
interface Layer {
  call: Call;
  names: Names;
}
/** What the layer is graded against: the expected sizes, and the sizes the answer's words deny. */
interface Grading extends LinearExpectation {
  denied: ReadonlySet<number>;
}

const LINEAR_PARAMETERS = ['in_features', 'out_features', 'bias', 'device', 'dtype'] as const;
// Methods that hand back the same layer, so `nn.Linear(512, 7).to(device)` is still that layer.
const SAME_LAYER_METHODS = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'requires_grad_', 'train']);
// Layer classes also caught when spelled in lower case, so `nn.linear` gets "check the capitals".
const KNOWN_LAYERS = new Set(['linear', 'lazylinear', 'dense', 'sequential']);
// What may stand for the new head inside an nn.Sequential.
const LINEAR_KINDS = new Set(['linear', 'lazylinear', 'dense']);
// Capitalised classes that are not layers: the optimizer and the loss people paste with the head.
const NOT_LAYERS = new Set(['Adam', 'AdamW', 'SGD', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'NAdam', 'RAdam', 'LBFGS', 'OrderedDict', 'DataLoader']);
// Modules that hold layers: `nn.X`, `torch.nn.X`, `keras.layers.X`. `optim.Adam` or
// `transforms.Compose` are other things; a bare capitalised name (`Linear`, `MyHead`) counts.
const LAYER_MODULES = new Set(['nn', 'layers', 'modules']);
const KERAS_MODULES = new Set(['keras', 'tf']);
const IMAGENET_CLASSES = 1000;
const MAX_SHOWN_NAME = 40;

type Answer = { ok: true; statements: Statement[]; amongWords: boolean; denied: number; remarks: string } | { ok: false; code: 'unbalanced' | 'not-code' };

/** The answer's statements: as code, or else the code among its words (code-in-prose.ts). */
export function readAnswer(answer: string): Answer {
  const comments = commentsOf(answer).join('\n');
  const code = readCode(answer);
  if (code.ok) return { ok: true, statements: code.statements, amongWords: code.statements.some(isWord), denied: 0, remarks: comments };
  const amongWords = codeInProse(answer);
  if (amongWords === undefined) return code;
  return { ok: true, statements: amongWords.statements, amongWords: true, denied: amongWords.denied, remarks: `${amongWords.words}\n${comments}` };
}

/** Whether the answer builds any layer: on a number step, that means it is code, not a number. */
export function buildsLayer(answer: string): boolean {
  const read = readAnswer(answer);
  return read.ok && layersBuilt(read.statements).length > 0;
}

export function gradeLinear(expected: LinearExpectation, answer: string): Outcome {
  const read = readAnswer(answer);
  if (!read.ok) return { code: read.code };
  const layers = layersBuilt(read.statements);
  if (layers.length === 0) return { code: read.denied > 0 ? 'negated' : 'not-code' };
  if (layers.length > 1) return { code: 'several-layers' };
  const denied = new Set(
    numberMentions(read.remarks)
      .filter((m) => m.negated)
      .map((m) => m.value),
  );
  const outcome = gradeLayer({ ...expected, denied }, layers[0] as Layer);
  return read.amongWords ? withNote(outcome, 'code-among-words') : outcome;
}

/**
 * The layers the statements build, in order: calls of layer classes, wherever they sit (on the right
 * of `=`, inside `setattr(...)`). Other calls (print, optimizers, methods of the model) build no layer.
 * Simple `name = value` lines are followed along, so `nn.Linear(512, num_classes)` can be read.
 */
function layersBuilt(statements: Statement[]): Layer[] {
  const layers: Layer[] = [];
  const names = new Map<string, Expr>();
  const visit = (statement: Statement): void => {
    if (statement.kind === 'import') return;
    if (statement.kind === 'loop') {
      findLayers(statement.iterable, names, layers);
      for (const target of statement.targets) if (target.kind === 'name') names.delete(target.name);
      statement.body.forEach(visit);
      return;
    }
    findLayers(statement.value, names, layers);
    const value = simpleValue(statement.value, names);
    for (const target of statement.targets) {
      if (target.kind !== 'name') continue;
      if (value === undefined) names.delete(target.name);
      else names.set(target.name, value);
    }
  };
  statements.forEach(visit);
  return layers;
}

function findLayers(expr: Expr, names: Names, layers: Layer[]): void {
  if (expr.kind === 'call') {
    const call = unwrapSameLayer(expr);
    if (isLayerClass(call.callee)) {
      layers.push({ call, names: new Map(names) });
      return;
    }
    findLayers(expr.callee, names, layers);
    for (const arg of expr.args) findLayers(arg.value, names, layers);
  } else if (expr.kind === 'attribute') {
    findLayers(expr.object, names, layers);
  } else if (expr.kind === 'negative') {
    findLayers(expr.operand, names, layers);
  }
}

function isLayerClass(callee: Expr): boolean {
  const name = lastName(callee);
  if (name === undefined) return false;
  if (KNOWN_LAYERS.has(name.toLowerCase())) return true;
  if (!/^\p{Lu}/u.test(name) || name.endsWith('Loss') || NOT_LAYERS.has(name)) return false;
  const modules = callee.kind === 'attribute' ? namesIn(callee.object) : [];
  return modules.length === 0 || modules.some((module) => LAYER_MODULES.has(module));
}

/** The value a simple assignment gives its name, as far as the grader follows it. */
function simpleValue(expr: Expr, names: Names): Expr | undefined {
  if (expr.kind === 'number' || expr.kind === 'string') return expr;
  if ((expr.kind === 'negative' || expr.kind === 'binary') && integerValue(expr) !== undefined) return expr;
  // `num_classes = len(class_names)`: kept for the grader to recognise the scenario's class list.
  if (isLenOfName(expr)) return expr;
  if (expr.kind === 'name') return names.get(expr.name);
  // `num_ftrs = model.fc.in_features`, as in PyTorch's fine-tuning tutorial.
  if (expr.kind === 'attribute' && expr.name === 'in_features') return expr;
  return undefined;
}

function resolve(expr: Expr, names: Names): Expr {
  return expr.kind === 'name' ? (names.get(expr.name) ?? expr) : expr;
}

function gradeLayer(expected: Grading, { call, names }: Layer): Outcome {
  const className = lastName(call.callee) as string;
  const name = className.slice(0, MAX_SHOWN_NAME);
  if (className === 'Sequential') return gradeSequential(expected, call, names);
  if (className === 'LazyLinear') return { code: 'lazy-linear' };
  if (className.toLowerCase() === 'dense') return { code: 'not-pytorch' };
  if (className !== 'Linear') {
    return { code: KNOWN_LAYERS.has(className.toLowerCase()) ? 'wrong-case' : 'wrong-layer', detail: { name } };
  }
  return gradeLinearArgs(expected, call.args, names);
}

/**
 * `nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 7))` is a fine head: the one Linear inside is graded.
 * Nested Sequentials are looked through. No Linear, or several, gets its own explanation.
 */
function gradeSequential(expected: Grading, call: Call, names: Names): Outcome {
  if (call.callee.kind === 'attribute' && namesIn(call.callee.object).some((module) => KERAS_MODULES.has(module))) {
    return { code: 'not-pytorch' };
  }
  const inside = layersInside(call, names);
  const linears = inside.filter((layer) => LINEAR_KINDS.has((lastName(layer.call.callee) as string).toLowerCase()));
  if (linears.length === 0) return { code: 'sequential-no-linear' };
  if (linears.length > 1) return { code: 'sequential-several-linear' };
  return withNote(gradeLayer(expected, linears[0] as Layer), 'in-sequential');
}

function layersInside(call: Call, names: Names): Layer[] {
  const found: Layer[] = [];
  for (const arg of call.args) findLayers(arg.value, names, found);
  return found.flatMap((layer) => (lastName(layer.call.callee) === 'Sequential' ? layersInside(layer.call, names) : [layer]));
}

function withNote(outcome: Outcome, note: CorrectNote): Outcome {
  if (outcome.code !== 'correct') return outcome;
  const notes = outcome.detail?.notes ?? [];
  return notes.includes(note) ? outcome : { ...outcome, detail: { ...outcome.detail, notes: [...notes, note] } };
}

/** A line that is one word of another script alone ("입니다" under the code): prose, not Python. */
function isWord(statement: Statement): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII; a name outside it is Korean or another script.
  return statement.kind === 'expression' && statement.targets.length === 0 && statement.value.kind === 'name' && /^[^\x00-\x7F]+$/.test(statement.value.name);
}

function gradeLinearArgs(expected: Grading, args: Arg[], names: Names): Outcome {
  const bound = bindArgs(args.map((arg) => ({ ...arg, value: resolve(arg.value, names) })));
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
  let actualOut = sizeOf(outFeatures);
  // `nn.Linear(512, len(class_names))` counts the scenario's own list of classes.
  if (actualOut === undefined && expected.classList !== undefined && isLenOfName(outFeatures, expected.classList)) {
    actualOut = expected.outFeatures;
    notes.push('out-from-classes');
  }
  if (actualIn === undefined || actualOut === undefined) return { code: 'sizes-not-integers' };
  if (expected.denied.has(actualIn) || expected.denied.has(actualOut)) return { code: 'comment-contradicts' };
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
  const value = integerValue(expr);
  return value !== undefined && value > 0 ? value : undefined;
}

/** `len(name)`, or `len(<that name>)` when one is given. */
function isLenOfName(expr: Expr, name?: string): boolean {
  if (expr.kind !== 'call' || expr.callee.kind !== 'name' || expr.callee.name !== 'len' || expr.args.length !== 1) return false;
  const [arg] = expr.args;
  return arg?.keyword === undefined && arg?.value.kind === 'name' && (name === undefined || arg.value.name === name);
}

function isBool(expr: Expr): boolean {
  return expr.kind === 'name' && (expr.name === 'True' || expr.name === 'False');
}

function lastName(callee: Expr): string | undefined {
  if (callee.kind === 'name') return callee.name;
  if (callee.kind === 'attribute') return callee.name;
  return undefined;
}

function namesIn(expr: Expr): string[] {
  if (expr.kind === 'name') return [expr.name];
  if (expr.kind === 'attribute') return [...namesIn(expr.object), expr.name];
  return [];
}

function unwrapSameLayer(call: Call): Call {
  let expr = call;
  while (expr.kind === 'call' && expr.callee.kind === 'attribute' && SAME_LAYER_METHODS.has(expr.callee.name) && expr.callee.object.kind === 'call') {
    expr = expr.callee.object;
  }
  return expr;
}
