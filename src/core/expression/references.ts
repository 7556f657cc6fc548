/** Reference collection: which codes a formula reads. */
import type { Expression, ExprNode, Reference } from './ast.js';
import { referenceKey } from './ast.js';

type RefNode = Extract<ExprNode, { kind: 'ref' }>;

function walk(node: ExprNode, visit: (ref: RefNode) => void): void {
  switch (node.kind) {
    case 'number':
      return;
    case 'ref':
      visit(node);
      return;
    case 'unary':
      walk(node.operand, visit);
      return;
    case 'binary':
      walk(node.left, visit);
      walk(node.right, visit);
      return;
    case 'call':
      for (const arg of node.args) walk(arg, visit);
  }
}

/** Distinct references (by `referenceKey`) in source order, filters included. */
export function collectReferences(node: ExprNode): Reference[] {
  const seen = new Map<string, Reference>();
  walk(node, ({ ref }) => {
    const key = referenceKey(ref);
    if (!seen.has(key)) seen.set(key, ref);
  });
  return [...seen.values()];
}

/** Every reference node with its span, in source order (duplicates kept), for error reporting. */
export function referenceNodes(node: ExprNode): RefNode[] {
  const out: RefNode[] = [];
  walk(node, (ref) => out.push(ref));
  return out;
}

/**
 * The set of codes a formula references (data elements or indicators), without filters.
 * @example expressionReferences(parseExpression('#{BIRTHS|sex=F} / BIRTHS')) → Set { 'BIRTHS' }
 */
export function expressionReferences(expr: Expression | ExprNode): ReadonlySet<string> {
  const ast = 'ast' in expr ? expr.ast : expr;
  return new Set(collectReferences(ast).map((r) => r.code));
}
