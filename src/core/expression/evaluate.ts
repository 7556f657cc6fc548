/**
 * Evaluation with explicit missing-value handling. Missing inputs are `null`, never 0 by
 * accident; arithmetic that has no finite answer (division by zero, overflow) yields
 * `null` plus an issue saying why, never Infinity or NaN.
 */
import type { Expression, ExprNode, Reference, Span } from './ast.js';
import { referenceKey } from './ast.js';
import { FUNCTIONS, type Value } from './functions.js';
import { collectReferences } from './references.js';

/**
 * What to do when referenced values are missing (the validation-rule strategies):
 * - `propagate` (default): missing values are `null` and propagate; `coalesce`/`isMissing` can handle them.
 * - `skip_if_any_missing`: skip the evaluation if any referenced value is missing.
 * - `skip_if_all_missing`: skip only if every referenced value is missing; otherwise missing counts as 0.
 * - `never_skip`: always evaluate, missing counts as 0.
 */
export type MissingValueStrategy = 'propagate' | 'skip_if_any_missing' | 'skip_if_all_missing' | 'never_skip';

export const MISSING_VALUE_STRATEGIES: readonly MissingValueStrategy[] = ['propagate', 'skip_if_any_missing', 'skip_if_all_missing', 'never_skip'];

/**
 * Looks up one referenced value. `key` is the canonical reference key (`BIRTHS` or
 * `BIRTHS|sex=F`); return `null` or `undefined` when the value is missing.
 */
export type ValueResolver = (key: string, ref: Reference) => number | null | undefined;

export type ValueSource = ValueResolver | ReadonlyMap<string, number | null> | Readonly<Record<string, number | null | undefined>>;

export interface EvaluationIssue {
  readonly kind: 'division_by_zero' | 'not_finite' | 'invalid_input';
  readonly message: string;
  readonly span: Span;
}

export interface EvaluationResult {
  /** The result, or `null` when missing, skipped or undefined (see `issues`). */
  readonly value: Value;
  /** True when the missing-value strategy skipped the evaluation. */
  readonly skipped: boolean;
  /** Reference keys whose values were missing. */
  readonly missing: readonly string[];
  /** Every referenced value as found (before any missing→0 substitution), for provenance. */
  readonly inputs: ReadonlyMap<string, number | null>;
  readonly issues: readonly EvaluationIssue[];
  readonly strategy: MissingValueStrategy;
}

export interface EvaluateOptions {
  readonly missing?: MissingValueStrategy;
}

/** Turn a map, a record or a function into a resolver. */
export function toResolver(source: ValueSource): ValueResolver {
  if (typeof source === 'function') return source;
  if (source instanceof Map) return (key) => source.get(key);
  const record = source as Readonly<Record<string, number | null | undefined>>;
  return (key) => (Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);
}

/**
 * Evaluate a parsed expression.
 * @example evaluateExpression(parseExpression('A / B'), { A: 1, B: 0 }).value === null // issue division_by_zero
 */
export function evaluateExpression(expr: Expression | ExprNode, values: ValueSource, options: EvaluateOptions = {}): EvaluationResult {
  const ast = 'ast' in expr ? expr.ast : expr;
  const strategy = options.missing ?? 'propagate';
  const resolve = toResolver(values);
  const issues: EvaluationIssue[] = [];
  const inputs = new Map<string, number | null>();
  const missing: string[] = [];

  const refs = collectReferences(ast);
  for (const ref of refs) {
    const key = referenceKey(ref);
    const raw = resolve(key, ref);
    let value: number | null = raw ?? null;
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      issues.push({ kind: 'invalid_input', message: `value of ${key} is not a finite number (${String(raw)})`, span: [0, 0] });
      value = null;
    }
    inputs.set(key, value);
    if (value === null) missing.push(key);
  }

  const skip =
    (strategy === 'skip_if_any_missing' && missing.length > 0) ||
    (strategy === 'skip_if_all_missing' && refs.length > 0 && missing.length === refs.length);
  if (skip) return { value: null, skipped: true, missing, inputs, issues, strategy };

  const zeroForMissing = strategy === 'skip_if_all_missing' || strategy === 'never_skip';
  const lookup = (key: string): number | null => inputs.get(key) ?? (zeroForMissing ? 0 : null);
  const value = evaluateNode(ast, lookup, issues);
  // -0 is an artefact of IEEE arithmetic, not information a user should see.
  return { value: value === 0 ? 0 : value, skipped: false, missing, inputs, issues, strategy };
}

function finite(value: number, node: ExprNode, issues: EvaluationIssue[], why: string): number | null {
  if (Number.isFinite(value)) return value;
  issues.push({ kind: 'not_finite', message: why, span: node.span });
  return null;
}

function evaluateNode(node: ExprNode, lookup: (key: string) => number | null, issues: EvaluationIssue[]): Value {
  const ev = (n: ExprNode): Value => evaluateNode(n, lookup, issues);
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return lookup(referenceKey(node.ref));
    case 'unary': {
      const v = ev(node.operand);
      if (v === null) return null;
      return node.op === '-' ? -(v as number) : !(v as boolean);
    }
    case 'binary':
      return evaluateBinary(node, ev, issues);
    case 'call': {
      const fn = FUNCTIONS.get(node.name)!;
      const result = fn.evaluate(node.args.map((arg) => () => ev(arg)));
      return typeof result === 'number' ? finite(result, node, issues, `${node.name}() has no finite result`) : result;
    }
  }
}

type BinaryNode = Extract<ExprNode, { kind: 'binary' }>;

function evaluateBinary(node: BinaryNode, ev: (n: ExprNode) => Value, issues: EvaluationIssue[]): Value {
  if (node.op === 'and' || node.op === 'or') {
    // Kleene logic: false and ? = false, true or ? = true; otherwise missing stays missing.
    const decisive = node.op === 'or';
    const l = ev(node.left);
    if (l === decisive) return decisive;
    const r = ev(node.right);
    if (r === decisive) return decisive;
    return l === null || r === null ? null : !decisive;
  }
  const l = ev(node.left);
  const r = ev(node.right);
  if (l === null || r === null) return null;
  if (node.op === '==') return l === r;
  if (node.op === '!=') return l !== r;
  const a = l as number;
  const b = r as number;
  switch (node.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
      return finite(a + b, node, issues, 'sum is too large');
    case '-':
      return finite(a - b, node, issues, 'difference is too large');
    case '*':
      return finite(a * b, node, issues, 'product is too large');
    case '/':
      if (b === 0) {
        issues.push({ kind: 'division_by_zero', message: 'division by zero', span: node.span });
        return null;
      }
      return finite(a / b, node, issues, 'quotient is too large');
    case '^':
      return finite(a ** b, node, issues, `${a} ^ ${b} has no finite real value`);
  }
}
