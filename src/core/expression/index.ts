/**
 * The Vitals expression language: one parser and evaluator for indicator formulas and
 * validation rules. See docs/methods/expressions.md.
 */
export {
  type Expression,
  type ExprNode,
  type Reference,
  type FilterTerm,
  type Span,
  type ValueType,
  type BinaryOp,
  type ArithmeticOp,
  type ComparisonOp,
  type LogicalOp,
  KEYWORDS,
  referenceKey,
} from './ast.js';
export { parseExpression, type ParseOptions } from './expression.js';
export {
  evaluateExpression,
  toResolver,
  MISSING_VALUE_STRATEGIES,
  type MissingValueStrategy,
  type ValueResolver,
  type ValueSource,
  type EvaluationIssue,
  type EvaluationResult,
  type EvaluateOptions,
} from './evaluate.js';
export { expressionReferences, collectReferences, referenceNodes } from './references.js';
export { formatExpression } from './format.js';
export { FUNCTIONS, roundHalfAwayFromZero, type FunctionDefinition, type Value } from './functions.js';
