/**
 * Validation rules: `left op right`, both sides number expressions in the one expression
 * language, with a missing-value strategy applied to the references of BOTH sides together
 * (a rule `A + B == TOTAL` with only TOTAL missing is "some missing", not "a side missing").
 */
import { Diagnostics } from '../diagnostics.js';
import { isVitalsError } from '../errors.js';
import {
  collectReferences,
  evaluateExpression,
  parseExpression,
  referenceKey,
  toResolver,
  type ComparisonOp,
  type Expression,
  type ExprNode,
  type ValueSource,
} from '../expression/index.js';
import type { LocalizedText } from '../indicator/types.js';
import type { RuleResult, RuleViolation, ValidationRule, ValidationRuleInput, ValidationRun } from './types.js';
import { RULE_IMPORTANCES, RULE_MISSING_STRATEGIES } from './types.js';

export const VALIDATION_METHOD_VERSION = '1.0.0';

const OPERATORS: readonly ComparisonOp[] = ['<', '<=', '>', '>=', '==', '!='];
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function sideFrom(source: string, node: ExprNode): Expression {
  return { source: source.slice(node.span[0], node.span[1]).trim(), ast: node, type: 'number' };
}

function parseSide(source: unknown, field: string, d: Diagnostics): Expression | undefined {
  if (typeof source !== 'string' || source.trim() === '') {
    d.error('VITALS_E_INVALID_CONFIG', `${field} must be a formula`);
    return undefined;
  }
  try {
    return parseExpression(source, { expect: 'number' });
  } catch (error) {
    if (!isVitalsError(error)) throw error;
    d.inContext(field).error(error.code, error.message);
    return undefined;
  }
}

function splitComparison(source: unknown, d: Diagnostics): { left?: Expression; operator?: ComparisonOp; right?: Expression } {
  let expr: Expression;
  try {
    expr = parseExpression(String(source), { expect: 'boolean' });
  } catch (error) {
    if (!isVitalsError(error)) throw error;
    d.inContext('expression').error(error.code, error.message);
    return {};
  }
  const ast = expr.ast;
  if (ast.kind !== 'binary' || !OPERATORS.includes(ast.op as ComparisonOp)) {
    d.error('VITALS_E_INVALID_CONFIG', `expression must be one comparison "left op right" (op one of ${OPERATORS.join(' ')})`);
    return {};
  }
  const left = sideFrom(expr.source, ast.left);
  const right = sideFrom(expr.source, ast.right);
  // `(A > 0) == (B > 0)` compares conditions; a rule compares quantities.
  for (const [name, side] of [['left', ast.left], ['right', ast.right]] as const) {
    if (side.kind === 'binary' && (OPERATORS.includes(side.op as ComparisonOp) || side.op === 'and' || side.op === 'or')) {
      d.error('VITALS_E_INVALID_CONFIG', `the ${name} side of the comparison must be a number, not a condition`);
    }
  }
  return { left, operator: ast.op as ComparisonOp, right };
}

function checkText(raw: unknown, field: string, d: Diagnostics): LocalizedText {
  const t = raw as { zh?: unknown; en?: unknown } | undefined;
  if (!t || typeof t.zh !== 'string' || t.zh.trim() === '') {
    d.error('VITALS_E_INVALID_CONFIG', `${field}.zh must be a non-empty text`);
    return { zh: '' };
  }
  return typeof t.en === 'string' ? { zh: t.zh, en: t.en } : { zh: t.zh };
}

function checkRule(input: ValidationRuleInput, known: ReadonlySet<string> | undefined, d: Diagnostics): ValidationRule | undefined {
  if (!CODE.test(String(input.code))) d.error('VITALS_E_INVALID_CONFIG', `code ${JSON.stringify(input.code)} must be letters, digits, ".", "_" or "-"`);
  let sides: { left?: Expression; operator?: ComparisonOp; right?: Expression };
  if (input.expression !== undefined) {
    if (input.left !== undefined || input.right !== undefined || input.operator !== undefined) {
      d.error('VITALS_E_INVALID_CONFIG', 'give either expression or left/operator/right, not both');
    }
    sides = splitComparison(input.expression, d);
  } else {
    if (!OPERATORS.includes(input.operator as ComparisonOp)) {
      d.error('VITALS_E_INVALID_CONFIG', `operator ${JSON.stringify(input.operator)} must be one of ${OPERATORS.join(' ')}`);
    }
    sides = { left: parseSide(input.left, 'left', d), operator: input.operator, right: parseSide(input.right, 'right', d) };
  }
  const tolerance = input.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    d.error('VITALS_E_INVALID_CONFIG', `tolerance must be a number ≥ 0, not ${JSON.stringify(input.tolerance)}`);
  }
  const missing = input.missing ?? 'skip_if_any_missing';
  if (!RULE_MISSING_STRATEGIES.includes(missing)) {
    d.error('VITALS_E_INVALID_CONFIG', `missing ${JSON.stringify(input.missing)} must be one of ${RULE_MISSING_STRATEGIES.join(', ')}`);
  }
  if (!RULE_IMPORTANCES.includes(input.importance)) {
    d.error('VITALS_E_INVALID_CONFIG', `importance ${JSON.stringify(input.importance)} must be "error" or "warning"`);
  }
  const instruction = checkText(input.instruction, 'instruction', d);
  const name = input.name === undefined ? undefined : checkText(input.name, 'name', d);
  if (known) {
    for (const side of [sides.left, sides.right]) {
      for (const ref of side ? collectReferences(side.ast) : []) {
        if (!known.has(ref.code)) d.error('VITALS_E_EXPRESSION_REFERENCE', `unknown data element ${ref.code}`);
      }
    }
  }
  if (!sides.left || !sides.right || !sides.operator) return undefined;
  return {
    code: input.code,
    ...(name ? { name } : {}),
    left: sides.left,
    operator: sides.operator,
    right: sides.right,
    tolerance,
    missing,
    importance: input.importance,
    instruction,
  };
}

/**
 * Parse and check validation rules; every problem of every rule is reported at once.
 * @param knownElements data element codes; when given, unknown references are reported
 * @throws VITALS_E_INVALID_CONFIG naming each rule and field
 * @example parseValidationRules([{ code: 'IMR_LE_BIRTHS', expression: 'INFANT_DEATHS <= LIVE_BIRTHS', importance: 'error', instruction: { zh: '婴儿死亡数不应超过活产数' } }])
 */
export function parseValidationRules(inputs: readonly ValidationRuleInput[], knownElements?: ReadonlySet<string>): ValidationRule[] {
  const d = new Diagnostics(['validation rules']);
  const seen = new Set<string>();
  const rules: ValidationRule[] = [];
  inputs.forEach((input, i) => {
    const ctx = d.inContext(`rule ${String(input?.code ?? `#${i + 1}`)}`);
    if (typeof input !== 'object' || input === null) {
      ctx.error('VITALS_E_INVALID_CONFIG', 'a rule must be an object');
      return;
    }
    if (seen.has(input.code)) ctx.error('VITALS_E_INVALID_CONFIG', `code ${input.code} is repeated`);
    seen.add(input.code);
    const rule = checkRule(input, knownElements, ctx);
    if (rule) rules.push(rule);
  });
  d.throwIfAny('VITALS_E_INVALID_CONFIG');
  return rules;
}

/**
 * Does `left op right` hold, with the rule's slack and a floating-point guard? The guard (a
 * relative 1e-9, far below any rounding a health statistic carries) treats values that differ
 * only by binary noise as equal: 0.1 + 0.2 == 0.3 holds and 0.3 < 0.1 + 0.2 does not.
 */
export function comparisonHolds(operator: ComparisonOp, left: number, right: number, tolerance = 0): boolean {
  const guard = 1e-9 * Math.max(1, Math.abs(left), Math.abs(right));
  switch (operator) {
    case '==':
      return Math.abs(left - right) <= tolerance + guard;
    case '!=':
      return Math.abs(left - right) > tolerance + guard;
    case '<=':
      return left <= right + tolerance + guard;
    case '<':
      return left < right + tolerance - guard;
    case '>=':
      return left >= right - tolerance - guard;
    case '>':
      return left > right - tolerance + guard;
  }
}

function runRule(rule: ValidationRule, values: ValueSource): RuleResult {
  const resolve = toResolver(values);
  // The strategy looks at the references of both sides together.
  const refs = [...new Map([...collectReferences(rule.left.ast), ...collectReferences(rule.right.ast)].map((r) => [referenceKey(r), r])).values()];
  const inputs: Record<string, number | null> = {};
  const missing: string[] = [];
  for (const ref of refs) {
    const key = referenceKey(ref);
    const v = resolve(key, ref);
    const value = typeof v === 'number' && Number.isFinite(v) ? v : null;
    inputs[key] = value;
    if (value === null) missing.push(key);
  }
  const base = { rule: rule.code, importance: rule.importance, operator: rule.operator, tolerance: rule.tolerance, left: rule.left.source, right: rule.right.source, inputs, missing };
  const skip =
    (rule.missing === 'skip_if_any_missing' && missing.length > 0) || (rule.missing === 'skip_if_all_missing' && refs.length > 0 && missing.length === refs.length);
  if (skip) return { ...base, outcome: 'skipped', leftValue: null, rightValue: null, issues: [] };
  // skip_if_all_missing and never_skip count the remaining missing values as 0.
  const strategy = rule.missing === 'skip_if_any_missing' ? 'propagate' : 'never_skip';
  const l = evaluateExpression(rule.left, inputs, { missing: strategy });
  const r = evaluateExpression(rule.right, inputs, { missing: strategy });
  const issues = [...l.issues, ...r.issues].map((i) => i.message);
  if (typeof l.value !== 'number' || typeof r.value !== 'number') {
    return { ...base, outcome: 'undetermined', leftValue: null, rightValue: null, issues };
  }
  const holds = comparisonHolds(rule.operator, l.value, r.value, rule.tolerance);
  return { ...base, outcome: holds ? 'passed' : 'violated', leftValue: l.value, rightValue: r.value, issues };
}

/**
 * Run rules on one form's values (reference key → value; missing keys or null are missing).
 * @example runValidationRules(rules, { INFANT_DEATHS: 12, LIVE_BIRTHS: 10 }).violations[0]
 *   → { rule: 'IMR_LE_BIRTHS', leftValue: 12, rightValue: 10, operator: '<=', … }
 */
export function runValidationRules(rules: readonly ValidationRule[], values: ValueSource): ValidationRun {
  const results = rules.map((rule) => runRule(rule, values));
  const violations = results.flatMap((result, i): RuleViolation[] => {
    if (result.outcome !== 'violated') return [];
    const rule = rules[i]!;
    return [{ ...(result as RuleViolation), instruction: rule.instruction, ...(rule.name ? { name: rule.name } : {}) }];
  });
  return { method: 'vitals.validation_rules', methodVersion: VALIDATION_METHOD_VERSION, results, violations };
}
