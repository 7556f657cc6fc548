import { describe, expect, it } from 'vitest';
import { comparisonHolds, parseValidationRules, runValidationRules, type ValidationRuleInput } from './index.js';
import { vitalsErrorOf as errorOf } from '../../../test/support/errors.js';

const INSTRUCTION = { zh: '请核对', en: 'please check' };

function one(input: Partial<ValidationRuleInput>): ReturnType<typeof parseValidationRules>[number] {
  return parseValidationRules([{ code: 'R1', importance: 'error', instruction: INSTRUCTION, ...input } as ValidationRuleInput])[0]!;
}

describe('runValidationRules', () => {
  it.each<[string, Partial<ValidationRuleInput>, Record<string, number | null>, string, number | null, number | null]>([
    // label, rule, values, outcome, left, right
    ['infant deaths ≤ live births, broken', { expression: 'INFANT_DEATHS <= LIVE_BIRTHS' }, { INFANT_DEATHS: 12, LIVE_BIRTHS: 10 }, 'violated', 12, 10],
    ['infant deaths ≤ live births, kept', { expression: 'INFANT_DEATHS <= LIVE_BIRTHS' }, { INFANT_DEATHS: 5, LIVE_BIRTHS: 10 }, 'passed', 5, 10],
    ['equal sides satisfy ≤', { expression: 'INFANT_DEATHS <= LIVE_BIRTHS' }, { INFANT_DEATHS: 10, LIVE_BIRTHS: 10 }, 'passed', 10, 10],
    ['skip_if_any_missing skips with one side missing', { expression: 'INFANT_DEATHS <= LIVE_BIRTHS' }, { INFANT_DEATHS: 12 }, 'skipped', null, null],
    // 50 + 49 = 99 ≠ 100
    ['parts ≠ total', { left: 'MALE + FEMALE', operator: '==', right: 'TOTAL' }, { MALE: 50, FEMALE: 49, TOTAL: 100 }, 'violated', 99, 100],
    // |99 − 100| = 1 ≤ tolerance 1
    ['parts = total within tolerance 1', { left: 'MALE + FEMALE', operator: '==', right: 'TOTAL', tolerance: 1 }, { MALE: 50, FEMALE: 49, TOTAL: 100 }, 'passed', 99, 100],
    // |98 − 100| = 2 > 1
    ['parts ≠ total beyond tolerance', { left: 'MALE + FEMALE', operator: '==', right: 'TOTAL', tolerance: 1 }, { MALE: 50, FEMALE: 48, TOTAL: 100 }, 'violated', 98, 100],
    // 0.1 + 0.2 is 0.30000000000000004 in binary; the guard treats it as 0.3.
    ['binary noise is not a violation', { expression: 'A + B == C' }, { A: 0.1, B: 0.2, C: 0.3 }, 'passed', 0.30000000000000004, 0.3],
    // skip_if_all_missing: MALE missing counts as 0 → 0 + 49 = 49 vs 100.
    ['skip_if_all_missing evaluates with some missing as 0', { expression: 'MALE + FEMALE == TOTAL', missing: 'skip_if_all_missing' }, { FEMALE: 49, TOTAL: 100 }, 'violated', 49, 100],
    ['skip_if_all_missing skips when all are missing', { expression: 'MALE + FEMALE == TOTAL', missing: 'skip_if_all_missing' }, {}, 'skipped', null, null],
    // never_skip: everything missing → 0 + 0 == 0.
    ['never_skip evaluates with all missing as 0', { expression: 'MALE + FEMALE == TOTAL', missing: 'never_skip' }, {}, 'passed', 0, 0],
    ['never_skip: a total without parts fails', { expression: 'MALE + FEMALE == TOTAL', missing: 'never_skip' }, { TOTAL: 7 }, 'violated', 0, 7],
    ['division by zero leaves the rule undetermined', { expression: 'DEATHS / BIRTHS * 1000 <= 50' }, { DEATHS: 1, BIRTHS: 0 }, 'undetermined', null, null],
    ['disaggregated references', { expression: '#{BIRTHS|sex=F} <= BIRTHS' }, { 'BIRTHS|sex=F': 420, BIRTHS: 400 }, 'violated', 420, 400],
    ['≥ with tolerance as slack', { left: 'VACCINATED', operator: '>=', right: 'TARGET_POP * 0.9', tolerance: 0.5 }, { VACCINATED: 89.6, TARGET_POP: 100 }, 'passed', 89.6, 90],
    ['!= ', { expression: 'A != B' }, { A: 3, B: 3 }, 'violated', 3, 3],
  ])('%s', (_label, rule, values, outcome, left, right) => {
    const run = runValidationRules([one(rule)], values);
    const result = run.results[0]!;
    expect(result.outcome).toBe(outcome);
    expect(result.leftValue).toBe(left);
    expect(result.rightValue).toBe(right);
    expect(run.violations).toHaveLength(outcome === 'violated' ? 1 : 0);
  });

  it('a violation carries the rule, its instruction, both values and the inputs as found', () => {
    const run = runValidationRules([one({ expression: 'MALE + FEMALE == TOTAL', missing: 'skip_if_all_missing', importance: 'warning' })], { FEMALE: 49, TOTAL: 100 });
    expect(run.violations[0]).toMatchObject({
      rule: 'R1',
      importance: 'warning',
      operator: '==',
      left: 'MALE + FEMALE',
      right: 'TOTAL',
      leftValue: 49,
      rightValue: 100,
      instruction: INSTRUCTION,
      inputs: { MALE: null, FEMALE: 49, TOTAL: 100 },
      missing: ['MALE'],
    });
    expect(run).toMatchObject({ method: 'vitals.validation_rules', methodVersion: '1.0.0' });
  });

  it('explains an undetermined rule', () => {
    const run = runValidationRules([one({ expression: 'DEATHS / BIRTHS <= 1' })], { DEATHS: 1, BIRTHS: 0 });
    expect(run.results[0]!.issues).toEqual(['division by zero']);
  });
});

describe('parseValidationRules', () => {
  it('reports every problem of every rule at once', () => {
    const error = errorOf(() =>
      parseValidationRules(
        [
          { code: 'R1', expression: 'A + B', importance: 'error', instruction: INSTRUCTION },
          { code: 'R2', expression: '(A > 0) == (B > 0)', importance: 'error', instruction: INSTRUCTION },
          { code: 'R3', left: 'A +', operator: '<=', right: 'B', importance: 'fatal' as 'error', instruction: { zh: '' } },
          { code: 'R4', left: 'A', operator: '=>' as '>=', right: 'UNKNOWN_X', tolerance: -1, missing: 'skip' as 'never_skip', importance: 'warning', instruction: INSTRUCTION },
          { code: 'R4', expression: 'A <= B', importance: 'error', instruction: INSTRUCTION },
          { code: 'R5', expression: 'A > 0 and B > 0', importance: 'error', instruction: INSTRUCTION },
        ],
        new Set(['A', 'B']),
      ),
    );
    expect(error.code).toBe('VITALS_E_INVALID_CONFIG');
    for (const part of [
      'rule R1 → expression: formula type error',
      'rule R5: expression must be one comparison',
      'rule R2: the left side of the comparison must be a number',
      'rule R3 → left: formula syntax error',
      'rule R3: importance "fatal"',
      'rule R3: instruction.zh must be a non-empty text',
      'rule R4: operator "=>"',
      'rule R4: tolerance must be a number ≥ 0',
      'rule R4: missing "skip"',
      'rule R4: unknown data element UNKNOWN_X',
      'rule R4: code R4 is repeated',
    ]) {
      expect(error.message).toContain(part);
    }
  });

  it('keeps the source text of each side', () => {
    const rule = one({ expression: '  #{BIRTHS|sex=F} + #{BIRTHS|sex=M}   ==  BIRTHS ' });
    expect([rule.left.source, rule.operator, rule.right.source]).toEqual(['#{BIRTHS|sex=F} + #{BIRTHS|sex=M}', '==', 'BIRTHS']);
    expect(rule).toMatchObject({ tolerance: 0, missing: 'skip_if_any_missing' });
  });
});

describe('comparisonHolds', () => {
  it.each([
    ['<', 0.3, 0.1 + 0.2, false], // equal up to binary noise, so not strictly less
    ['<=', 0.1 + 0.2, 0.3, true],
    ['>', 0.1 + 0.2, 0.3, false],
    ['>=', 0.3, 0.1 + 0.2, true],
    ['<', 1, 2, true],
    ['>', 2, 1, true],
    // Counts of a billion: the relative guard is 1e-9 × 1e9 = 1, so they compare exactly up to ±1 …
    ['==', 1e9, 1e9 + 2, false],
    // … and the guard stays far below any real difference in smaller counts (guard 1e-9 × 1e6 = 0.001).
    ['==', 1e6, 1e6 + 1, false],
    ['==', 1e6, 1e6 + 0.0005, true],
  ] as const)('%s %d %d', (op, l, r, holds) => {
    expect(comparisonHolds(op, l, r)).toBe(holds);
  });
});
