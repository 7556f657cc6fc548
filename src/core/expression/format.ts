/**
 * Canonical text: ASCII operators (`<=`, `!=`, `and`), single spaces around binary
 * operators, `, ` between arguments, only the parentheses precedence requires, filters
 * sorted. Parsing the canonical text gives back the same tree, so it is safe to store.
 */
import type { ExprNode, Reference } from './ast.js';
import { KEYWORDS, referenceKey } from './ast.js';
import { BINDING_POWER, NEGATE_POWER, NOT_POWER } from './parser.js';

const ATOM_POWER = 100;
const BARE = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function power(node: ExprNode): number {
  switch (node.kind) {
    case 'binary':
      return BINDING_POWER[node.op];
    case 'unary':
      return node.op === '-' ? NEGATE_POWER : NOT_POWER;
    default:
      return ATOM_POWER;
  }
}

function formatReference(ref: Reference): string {
  if (ref.filter.length === 0 && BARE.test(ref.code) && !KEYWORDS.has(ref.code)) return ref.code;
  return `#{${referenceKey(ref)}}`;
}

function formatNumber(value: number): string {
  // String() gives the shortest round-tripping decimal; 1e21 and above print as 1e+21, which parses.
  return String(value);
}

function wrap(node: ExprNode, needsParens: boolean): string {
  const text = formatNode(node);
  return needsParens ? `(${text})` : text;
}

function formatNode(node: ExprNode): string {
  switch (node.kind) {
    case 'number':
      return formatNumber(node.value);
    case 'ref':
      return formatReference(node.ref);
    case 'unary': {
      // -(-x) keeps its parentheses for readability; `not` needs them for and/or operands.
      const p = power(node.operand);
      const needs = node.op === '-' ? p <= NEGATE_POWER : p < NOT_POWER;
      return node.op === '-' ? `-${wrap(node.operand, needs)}` : `not ${wrap(node.operand, needs)}`;
    }
    case 'binary': {
      const p = BINDING_POWER[node.op];
      const lp = power(node.left);
      const rp = power(node.right);
      let leftParens: boolean;
      let rightParens: boolean;
      if (node.op === '^') {
        // Right-associative; a negative base must be parenthesised: (-2) ^ 2.
        leftParens = lp <= p;
        rightParens = rp < p && node.right.kind !== 'unary';
      } else if (p === 40) {
        // Comparisons do not chain: any comparison operand needs parentheses.
        leftParens = lp <= p;
        rightParens = rp <= p;
      } else {
        leftParens = lp < p;
        rightParens = rp <= p;
      }
      return `${wrap(node.left, leftParens)} ${node.op} ${wrap(node.right, rightParens)}`;
    }
    case 'call':
      return `${node.name}(${node.args.map(formatNode).join(', ')})`;
  }
}

/**
 * The canonical text of an expression or tree.
 * @example formatExpression(parseExpression('a+b*(c)≥1')) === 'a + b * c >= 1'
 */
export function formatExpression(expr: ExprNode | { readonly ast: ExprNode }): string {
  return formatNode('ast' in expr ? expr.ast : expr);
}
