// A recursive-descent parser for the few Python statements a challenge answer holds: imports,
// assignments, expressions made of names, attributes, calls, numbers and strings, and `for` loops
// (people paste the line that freezes the backbone along with the new head). It builds a tree to
// inspect; nothing is ever evaluated. Anything outside this subset is "not code we read".
import { tokenize, type Token } from './tokenize.ts';

export type Expr =
  | { kind: 'name'; name: string }
  | { kind: 'attribute'; object: Expr; name: string }
  | { kind: 'call'; callee: Expr; args: Arg[] }
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'negative'; operand: Expr }
  /** Arithmetic on what is inside (`2**9`, `256 * 2`): folded by int-expression.ts, never run. */
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
  | { kind: 'string' }
  // Tuples, lists, dicts and subscripts: their insides never decide a verdict, so they stay opaque.
  | { kind: 'opaque' };

export type Arg = { keyword?: string; value: Expr };

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';
const ADDITIVE = ['+', '-'] as const;
const MULTIPLICATIVE = ['*', '/', '//', '%'] as const;

export type Statement =
  | { kind: 'import' }
  /** `value` alone, or `a = b = value` with targets [a, b]. */
  | { kind: 'expression'; value: Expr; targets: Expr[] }
  | { kind: 'loop'; targets: Expr[]; iterable: Expr; body: Statement[] };

// Deep enough for any honest answer, shallow enough that no answer can exhaust the stack.
const MAX_DEPTH = 40;
// `const head = tf.layers.dense(...)`: JavaScript declarations, so TF.js answers parse too.
const DECLARATIONS = new Set(['const', 'let', 'var']);

class NotParsable extends Error {}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  program(): Statement[] {
    const statements: Statement[] = [];
    while (this.peek() !== undefined) {
      if (this.atSeparator()) this.at += 1;
      else statements.push(this.statement());
    }
    return statements;
  }

  private statement(): Statement {
    if (++this.depth > MAX_DEPTH) throw new NotParsable();
    try {
      const first = this.peek();
      return first?.kind === 'name' && first.text === 'for' ? this.loop() : this.simpleStatement();
    } finally {
      this.depth -= 1;
    }
  }

  private simpleStatement(): Statement {
    const first = this.peek();
    if (first?.kind === 'name' && (first.text === 'import' || first.text === 'from')) {
      while (this.peek() !== undefined && !this.atSeparator()) this.at += 1;
      return { kind: 'import' };
    }
    if (first?.kind === 'name' && DECLARATIONS.has(first.text)) this.at += 1;
    const targets: Expr[] = [];
    let value = this.expression();
    // `a = b = Linear(...)`: only the right-most value is built; everything before it is a target.
    while (this.eat('=')) {
      if (value.kind !== 'name' && value.kind !== 'attribute' && value.kind !== 'opaque') throw new NotParsable();
      targets.push(value);
      value = this.expression();
    }
    if (this.peek() !== undefined && !this.atSeparator()) throw new NotParsable();
    return { kind: 'expression', value, targets };
  }

  /**
   * `for p in model.parameters(): p.requires_grad = False`, on one line or as a block. Indentation is
   * not kept, so a block's first line is read as its body and any later lines as statements of their
   * own: for what the grader looks at (which layers are built) that changes nothing.
   */
  private loop(): Statement {
    this.at += 1;
    const targets = [this.expression()];
    while (this.eat(',')) targets.push(this.expression());
    const keyword = this.next();
    if (keyword?.kind !== 'name' || keyword.text !== 'in') throw new NotParsable();
    const iterable = this.expression();
    if (!this.eat(':')) throw new NotParsable();
    const body: Statement[] = [];
    if (this.peek()?.kind === 'newline') {
      while (this.peek()?.kind === 'newline') this.at += 1;
      if (this.peek() === undefined) throw new NotParsable();
      body.push(this.statement());
    } else {
      body.push(this.simpleStatement());
      while (this.eat(';') && this.peek() !== undefined && !this.atSeparator()) body.push(this.simpleStatement());
    }
    return { kind: 'loop', targets, iterable, body };
  }

  /** Python's precedence: `+ -` below `* / // %`, below unary minus, below `**`. */
  private expression(): Expr {
    let left = this.multiplicative();
    for (let op = this.eatOneOf(ADDITIVE); op !== undefined; op = this.eatOneOf(ADDITIVE)) {
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (let op = this.eatOneOf(MULTIPLICATIVE); op !== undefined; op = this.eatOneOf(MULTIPLICATIVE)) {
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (++this.depth > MAX_DEPTH) throw new NotParsable();
    try {
      if (this.eat('-')) return { kind: 'negative', operand: this.unary() };
      if (this.eat('+')) return this.unary();
      const base = this.postfix(this.atom());
      return this.eat('**') ? { kind: 'binary', op: '**', left: base, right: this.unary() } : base;
    } finally {
      this.depth -= 1;
    }
  }

  private eatOneOf<T extends string>(ops: readonly T[]): T | undefined {
    return ops.find((op) => this.eat(op));
  }

  private atom(): Expr {
    const token = this.next();
    if (token?.kind === 'name') return { kind: 'name', name: token.text };
    if (token?.kind === 'number') return { kind: 'number', value: token.value, integer: token.integer };
    if (token?.kind === 'string') return { kind: 'string' };
    if (token?.kind === 'punct' && token.text === '(') {
      const items = this.list(')');
      return items.length === 1 && !items.trailingComma ? (items[0] as Expr) : { kind: 'opaque' };
    }
    if (token?.kind === 'punct' && (token.text === '[' || token.text === '{')) {
      this.skipPast(token.text);
      return { kind: 'opaque' };
    }
    throw new NotParsable();
  }

  private postfix(start: Expr): Expr {
    let expr = start;
    for (;;) {
      if (this.eat('.')) {
        const name = this.next();
        if (name?.kind !== 'name') throw new NotParsable();
        expr = { kind: 'attribute', object: expr, name: name.text };
      } else if (this.eat('(')) {
        expr = { kind: 'call', callee: expr, args: this.args() };
      } else if (this.eat('[')) {
        this.skipPast('[');
        expr = { kind: 'opaque' };
      } else {
        return expr;
      }
    }
  }

  private args(): Arg[] {
    const args: Arg[] = [];
    while (!this.eat(')')) {
      const name = this.peek();
      const after = this.tokens[this.at + 1];
      if (name?.kind === 'name' && after?.kind === 'punct' && after.text === '=') {
        this.at += 2;
        args.push({ keyword: name.text, value: this.expression() });
      } else {
        args.push({ value: this.expression() });
      }
      if (!this.eat(',') && !this.isPunct(this.peek(), ')')) throw new NotParsable();
    }
    return args;
  }

  private list(close: string): Expr[] & { trailingComma?: boolean } {
    const items: Expr[] & { trailingComma?: boolean } = [];
    while (!this.eat(close)) {
      items.push(this.expression());
      items.trailingComma = this.eat(',');
      if (!items.trailingComma && !this.isPunct(this.peek(), close)) throw new NotParsable();
    }
    return items;
  }

  /** Skips to just past the bracket that closes `open`; the tokenizer has already paired them. */
  private skipPast(open: string): void {
    const close = open === '[' ? ']' : '}';
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token === undefined) throw new NotParsable();
      if (this.isPunct(token, open)) depth += 1;
      if (this.isPunct(token, close)) depth -= 1;
    }
  }

  private atSeparator(): boolean {
    const token = this.peek();
    return token?.kind === 'newline' || this.isPunct(token, ';');
  }

  private isPunct(token: Token | undefined, text: string): boolean {
    return token?.kind === 'punct' && token.text === text;
  }

  private eat(text: string): boolean {
    if (!this.isPunct(this.peek(), text)) return false;
    this.at += 1;
    return true;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token | undefined {
    return this.tokens[this.at++];
  }
}

/** The statements of an answer, or undefined when it isn't Python (or TF.js) this parser reads. */
export function parseProgram(tokens: Token[]): Statement[] | undefined {
  try {
    return new Parser(tokens).program();
  } catch (error) {
    if (error instanceof NotParsable) return undefined;
    throw error;
  }
}

export type Code = { ok: true; statements: Statement[] } | { ok: false; code: 'unbalanced' | 'not-code' };

/** Tokenizes and parses a piece of text, saying why it can't be read when it can't. */
export function readCode(text: string): Code {
  const tokens = tokenize(text);
  if (!tokens.ok) return { ok: false, code: 'unbalanced' };
  const statements = parseProgram(tokens.tokens);
  return statements === undefined ? { ok: false, code: 'not-code' } : { ok: true, statements };
}
