/**
 * Pratt parser: tokens → syntax tree. Binding powers, loosest first:
 * or 10 · and 20 · not 30 (prefix) · comparisons 40 (not chainable) · + - 50 · * / 60 ·
 * unary minus 70 · ^ 80 (right-associative, so -2^2 = -(2^2) as in mathematics).
 */
import { FUNCTIONS } from './functions.js';
import type { BinaryOp, ExprNode, Span } from './ast.js';
import { COMPARISON_OPS } from './ast.js';
import { syntaxError, tokenize, type Token } from './tokenizer.js';

export const BINDING_POWER: Readonly<Record<BinaryOp, number>> = {
  or: 10,
  and: 20,
  '<': 40,
  '<=': 40,
  '>': 40,
  '>=': 40,
  '==': 40,
  '!=': 40,
  '+': 50,
  '-': 50,
  '*': 60,
  '/': 60,
  '^': 80,
};
export const NOT_POWER = 30;
export const NEGATE_POWER = 70;

const COMPARISONS = new Set<string>(COMPARISON_OPS);

function describe(token: Token): string {
  return token.type === 'eof' ? 'end of formula' : `"${token.text}"`;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private expect(type: Token['type'], what: string): Token {
    const token = this.next();
    if (token.type !== type) throw syntaxError(`expected ${what} but found ${describe(token)}`, token.span);
    return token;
  }

  parseAll(): ExprNode {
    if (this.peek().type === 'eof') throw syntaxError('empty formula', this.peek().span);
    const node = this.parse(0);
    const rest = this.peek();
    if (rest.type !== 'eof') throw syntaxError(`unexpected ${describe(rest)}`, rest.span);
    return node;
  }

  private parse(minPower: number): ExprNode {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'op' || !(token.op in BINDING_POWER)) break;
      const op = token.op as BinaryOp;
      const power = BINDING_POWER[op];
      if (power <= minPower) break;
      this.next();
      // Right-associative ^ parses its right side at a lower power so that 2^3^2 = 2^(3^2).
      const right = this.parse(op === '^' ? power - 1 : power);
      if (COMPARISONS.has(op)) {
        const after = this.peek();
        if (after.type === 'op' && COMPARISONS.has(after.op)) {
          throw syntaxError(`comparisons cannot be chained; combine them with "and" (unexpected ${describe(after)})`, after.span);
        }
      }
      left = { kind: 'binary', op, left, right, span: [left.span[0], right.span[1]] };
    }
    return left;
  }

  private prefix(): ExprNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value, span: token.span };
      case 'ref':
        return { kind: 'ref', ref: { code: token.code, filter: token.filter }, span: token.span };
      case 'ident':
        return this.peek().type === '(' ? this.call(token.name, token.span) : { kind: 'ref', ref: { code: token.name, filter: [] }, span: token.span };
      case '(': {
        const inner = this.parse(0);
        const close = this.expect(')', '")"');
        // Keep the parentheses in the span so that errors underline what the author wrote.
        return { ...inner, span: [token.span[0], close.span[1]] } as ExprNode;
      }
      case 'op':
        if (token.op === '-' || token.op === 'not') {
          const operand = this.parse(token.op === '-' ? NEGATE_POWER : NOT_POWER);
          return { kind: 'unary', op: token.op, operand, span: [token.span[0], operand.span[1]] };
        }
        if (token.op === '+') {
          // Unary plus is a no-op; accept it because published formulas sometimes carry it.
          return this.parse(NEGATE_POWER);
        }
        break;
      default:
        break;
    }
    throw syntaxError(`unexpected ${describe(token)}`, token.span);
  }

  private call(name: string, nameSpan: Span): ExprNode {
    const fn = FUNCTIONS.get(name);
    if (!fn) {
      const known = [...FUNCTIONS.keys()].join(', ');
      throw syntaxError(`unknown function "${name}" (known: ${known})`, nameSpan);
    }
    this.expect('(', '"("');
    const args: ExprNode[] = [];
    if (this.peek().type !== ')') {
      for (;;) {
        args.push(this.parse(0));
        if (this.peek().type !== ',') break;
        this.next();
      }
    }
    const close = this.expect(')', '"," or ")"');
    const span: Span = [nameSpan[0], close.span[1]];
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const wanted = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs}–${fn.maxArgs}`;
      throw syntaxError(`${name}() takes ${wanted} argument(s), got ${args.length}`, span);
    }
    return { kind: 'call', name, args, span, nameSpan };
  }
}

/** Parse source text into a syntax tree (no type check). @throws VITALS_E_EXPRESSION_SYNTAX */
export function parseTree(source: string): ExprNode {
  return new Parser(tokenize(source)).parseAll();
}
