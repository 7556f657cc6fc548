/**
 * The syntax tree of the Vitals expression language (indicator formulas, validation rules).
 * Every node keeps its character span `[start, end)` in the source so that errors found
 * later (unknown reference, type mismatch) can point at the exact text.
 */

export type Span = readonly [start: number, end: number];

/** The two value types of the language; missing values are `null` at run time. */
export type ValueType = 'number' | 'boolean';

/** One disaggregation condition: `sex=F` in `#{BIRTHS|sex=F}`. */
export interface FilterTerm {
  readonly dimension: string;
  readonly value: string;
}

/** A data-element or indicator reference, optionally restricted to a disaggregation. */
export interface Reference {
  readonly code: string;
  /** Sorted by dimension; empty for the total. */
  readonly filter: readonly FilterTerm[];
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

export type ExprNode =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'ref'; readonly ref: Reference; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-' | 'not'; readonly operand: ExprNode; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: ExprNode; readonly right: ExprNode; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ExprNode[]; readonly span: Span; readonly nameSpan: Span };

/** A parsed, type-checked expression. */
export interface Expression {
  readonly source: string;
  readonly ast: ExprNode;
  readonly type: ValueType;
}

export const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['+', '-', '*', '/', '^'];
export const COMPARISON_OPS: readonly ComparisonOp[] = ['<', '<=', '>', '>=', '==', '!='];

/** Words that cannot be bare references (quote them: `#{and}`). */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not']);

/**
 * Canonical key of a reference: the code, then `|dim=value,dim=value` sorted by dimension.
 * Value look-ups and provenance `inputs` use this key.
 * @example referenceKey({ code: 'BIRTHS', filter: [{ dimension: 'sex', value: 'F' }] }) === 'BIRTHS|sex=F'
 */
export function referenceKey(ref: Reference): string {
  if (ref.filter.length === 0) return ref.code;
  return `${ref.code}|${ref.filter.map((t) => `${t.dimension}=${t.value}`).join(',')}`;
}
