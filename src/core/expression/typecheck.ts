/**
 * Static types: numbers and true/false never mix silently. `A + (B > 0)` is a mistake in a
 * health formula, not a trick, so it is rejected before any data is touched.
 */
import { VitalsError } from '../errors.js';
import type { ExprNode, Span, ValueType } from './ast.js';
import { FUNCTIONS } from './functions.js';

function typeError(message: string, span: Span): VitalsError {
  const column = span[0] + 1;
  return new VitalsError('VITALS_E_EXPRESSION_TYPE', { detail: `${message} at column ${column}` }, { span, column });
}

const NAMES: Readonly<Record<ValueType, string>> = { number: 'a number', boolean: 'a condition (true/false)' };

function need(node: ExprNode, actual: ValueType, expected: ValueType, role: string): void {
  if (actual !== expected) throw typeError(`${role} must be ${NAMES[expected]}, not ${NAMES[actual]}`, node.span);
}

/** The type of `node`. References are numbers. @throws VITALS_E_EXPRESSION_TYPE */
export function inferType(node: ExprNode): ValueType {
  switch (node.kind) {
    case 'number':
    case 'ref':
      return 'number';
    case 'unary': {
      const t = inferType(node.operand);
      if (node.op === '-') need(node.operand, t, 'number', 'the operand of "-"');
      else need(node.operand, t, 'boolean', 'the operand of "not"');
      return t;
    }
    case 'binary': {
      const l = inferType(node.left);
      const r = inferType(node.right);
      if (node.op === 'and' || node.op === 'or') {
        need(node.left, l, 'boolean', `the left side of "${node.op}"`);
        need(node.right, r, 'boolean', `the right side of "${node.op}"`);
        return 'boolean';
      }
      if (node.op === '==' || node.op === '!=') {
        if (l !== r) throw typeError(`"${node.op}" compares values of the same type`, node.span);
        return 'boolean';
      }
      need(node.left, l, 'number', `the left side of "${node.op}"`);
      need(node.right, r, 'number', `the right side of "${node.op}"`);
      return node.op === '<' || node.op === '<=' || node.op === '>' || node.op === '>=' ? 'boolean' : 'number';
    }
    case 'call': {
      const fn = FUNCTIONS.get(node.name)!;
      const result = fn.type(node.args.map(inferType));
      if (result !== 'number' && result !== 'boolean') throw typeError(`${node.name}(): ${result}`, node.span);
      return result;
    }
  }
}
