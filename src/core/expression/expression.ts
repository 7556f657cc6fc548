/** Parsing entry point: text → type-checked `Expression`. */
import { VitalsError } from '../errors.js';
import type { Expression, ValueType } from './ast.js';
import { parseTree } from './parser.js';
import { inferType } from './typecheck.js';

export interface ParseOptions {
  /** Require a number formula (indicators) or a condition (validation rules). */
  readonly expect?: ValueType;
}

/**
 * Parse and type-check a formula.
 * @throws VitalsError VITALS_E_EXPRESSION_SYNTAX with `details: { span, column }`, e.g. `unexpected ")" at column 7`
 * @throws VitalsError VITALS_E_EXPRESSION_TYPE when numbers and conditions are mixed or `expect` is not met
 * @example parseExpression('#{INFANT_DEATHS} / LIVE_BIRTHS * 1000', { expect: 'number' })
 */
export function parseExpression(source: string, options: ParseOptions = {}): Expression {
  if (typeof source !== 'string') {
    throw new VitalsError('VITALS_E_EXPRESSION_SYNTAX', { detail: 'formula must be text at column 1' }, { span: [0, 0], column: 1 });
  }
  const ast = parseTree(source);
  const type = inferType(ast);
  if (options.expect && options.expect !== type) {
    const want = options.expect === 'number' ? 'a number' : 'a condition (true/false)';
    const got = type === 'number' ? 'a number' : 'a condition';
    throw new VitalsError('VITALS_E_EXPRESSION_TYPE', { detail: `the formula must give ${want}, but it gives ${got} at column 1` }, { span: ast.span, column: 1 });
  }
  return { source, ast, type };
}
