import { describe, expect, it } from 'vitest';
import { evaluateExpression, expressionReferences, formatExpression, parseExpression, type MissingValueStrategy } from './index.js';
import { vitalsErrorOf as thrown } from '../../../test/support/errors.js';

function evaluate(source: string, values: Record<string, number | null> = {}, missing?: MissingValueStrategy) {
  return evaluateExpression(parseExpression(source), values, missing ? { missing } : {});
}

describe('parse and format', () => {
  it.each([
    ['a+b*(c)', 'a + b * c'],
    ['(a+b)*c', '(a + b) * c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['(a-b)-c', 'a - b - c'],
    ['-2^2', '-2 ^ 2'],
    ['(-2)^2', '(-2) ^ 2'],
    ['2^3^2', '2 ^ 3 ^ 2'],
    ['(2^3)^2', '(2 ^ 3) ^ 2'],
    ['2^-1', '2 ^ -1'],
    ['- -a', '-(-a)'],
    ['+a', 'a'],
    ['a≤b', 'a <= b'],
    ['a ≥ b', 'a >= b'],
    ['a≠b', 'a != b'],
    ['a<>b', 'a != b'],
    ['a = b', 'a == b'],
    ['a×b÷c−d', 'a * b / c - d'],
    ['a>1 && b<2 || !(c>3)', 'a > 1 and b < 2 or not c > 3'],
    ['not (a>1 or b>1)', 'not (a > 1 or b > 1)'],
    ['(a > 1) == (b > 1)', '(a > 1) == (b > 1)'],
    ['#{BIRTHS}', 'BIRTHS'],
    ['#{出生人数}', '#{出生人数}'],
    ['#{and}', '#{and}'],
    ['#{ BIRTHS | sex = F , age=15-19 }', '#{BIRTHS|age=15-19,sex=F}'],
    ['IMR.total*1', 'IMR.total * 1'],
    ['round( x ,2 )', 'round(x, 2)'],
    ['.5 + 1e3 + 2.50', '0.5 + 1000 + 2.5'],
  ])('%j → %j', (source, canonical) => {
    const text = formatExpression(parseExpression(source));
    expect(text).toBe(canonical);
    expect(formatExpression(parseExpression(text))).toBe(canonical);
  });

  it.each([
    ['(a + b))', 'unexpected ")" at column 8', [7, 8]],
    ['a + ', 'unexpected end of formula at column 5', [4, 4]],
    ['', 'empty formula at column 1', [0, 0]],
    ['a < b < c', 'comparisons cannot be chained', [6, 7]],
    ['foo(1)', 'unknown function "foo"', [0, 3]],
    ['if(a > 1, 2)', 'if() takes 3 argument(s), got 2', [0, 12]],
    ['round(1,2,3)', 'round() takes 1–2 argument(s), got 3', [0, 12]],
    ['max(a b)', 'expected "," or ")" but found "b"', [6, 7]],
    ['(a + b', 'expected ")" but found end of formula', [6, 6]],
    ['2x', 'invalid number "2x"', [0, 2]],
    ['a $ b', 'unexpected character "$"', [2, 3]],
    ['#BIRTHS', 'expected "{" after "#"', [0, 1]],
    ['#{BIRTHS', 'unclosed "#{"', [0, 8]],
    ['#{}', 'empty reference', [0, 3]],
    ['#{B|sex}', 'invalid disaggregation "sex"', [0, 8]],
    ['#{B|sex=F,sex=M}', 'dimension "sex" appears twice', [0, 16]],
    ['#{B|sex=F|age=1}', 'only one "|"', [0, 16]],
  ])('%j fails: %s', (source, message, span) => {
    const error = thrown(() => parseExpression(source));
    expect(error.code).toBe('VITALS_E_EXPRESSION_SYNTAX');
    expect(error.message).toContain(message);
    expect(error.details).toEqual({ span, column: span[0]! + 1 });
  });

  it.each([
    ['a + (b > 0)', 'the right side of "+" must be a number'],
    ['a and b', 'the left side of "and" must be a condition'],
    ['not a', 'the operand of "not" must be a condition'],
    ['-(a > 1)', 'the operand of "-" must be a number'],
    ['if(a, 1, 2)', 'argument 1 must be a condition'],
    ['if(a > 1, 1, b > 2)', 'both branches must have the same type'],
    ['min(a, b > 1)', 'argument 2 must be a number'],
    ['(a > 1) == 1', '"==" compares values of the same type'],
  ])('%j is a type error', (source, message) => {
    const error = thrown(() => parseExpression(source));
    expect(error.code).toBe('VITALS_E_EXPRESSION_TYPE');
    expect(error.message).toContain(message);
  });

  it('checks the expected result type', () => {
    expect(parseExpression('a > 1', { expect: 'boolean' }).type).toBe('boolean');
    expect(thrown(() => parseExpression('a > 1', { expect: 'number' })).code).toBe('VITALS_E_EXPRESSION_TYPE');
    expect(thrown(() => parseExpression('a + 1', { expect: 'boolean' })).code).toBe('VITALS_E_EXPRESSION_TYPE');
  });

  it('collects referenced codes without filters', () => {
    const refs = expressionReferences(parseExpression('#{BIRTHS|sex=F} / BIRTHS + if(isMissing(#{出生}), 0, max(A.b, C))'));
    expect([...refs].sort()).toEqual(['A.b', 'BIRTHS', 'C', '出生']);
    expect(expressionReferences(parseExpression('min(1, 2)')).size).toBe(0);
  });
});

describe('evaluate', () => {
  it.each([
    ['1 + 2 * 3', 7], // 2*3 = 6, +1
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512], // 3^2 = 9, 2^9 = 512
    ['-2 ^ 2', -4], // -(2^2)
    ['10 - 4 - 3', 3], // (10-4)-3
    ['12 / 4 / 3', 1], // (12/4)/3
    ['A / B * 1000', 6.25], // 5 / 800 * 1000 = 6.25
    ['min(A, B, 3)', 3],
    ['max(A, B, 3)', 800],
    ['abs(A - B)', 795],
    ['round(2.675, 2)', 2.68], // 四舍五入: 267.5 → 268
    ['round(-2.5)', -3], // half away from zero
    ['round(1234.5, -2)', 1200],
    ['if(A > 1, A, B)', 5],
    ['coalesce(M, A)', 5],
    ['coalesce(M, M)', null],
    ['A > 4 and B <= 800', true],
    ['A ≠ 5 or not B ≥ 800', false],
    ['A == 5', true],
    ['isMissing(M)', true],
    ['isMissing(A)', false],
  ])('%s = %j', (source, expected) => {
    const result = evaluate(source, { A: 5, B: 800, M: null });
    expect(result.value).toBe(expected);
    expect(result.issues).toEqual([]);
  });

  it.each([
    ['M + 1', null],
    ['-M', null],
    ['M > 1', null],
    ['min(A, M)', null],
    ['if(M > 1, 1, 2)', null],
    ['M > 1 and A > 10', false], // false decides "and"
    ['M > 1 or A > 1', true], // true decides "or"
    ['M > 1 and A > 1', null],
    ['not (M > 1)', null],
  ])('missing propagates: %s = %j', (source, expected) => {
    expect(evaluate(source, { A: 5, M: null }).value).toBe(expected);
  });

  it('reports division by zero instead of Infinity', () => {
    const result = evaluate('A / B', { A: 1, B: 0 });
    expect(result.value).toBeNull();
    expect(result.issues).toEqual([{ kind: 'division_by_zero', message: 'division by zero', span: [0, 5] }]);
    expect(evaluate('0 / 0').issues[0]!.kind).toBe('division_by_zero');
  });

  it('reports results with no finite value', () => {
    expect(evaluate('1e308 * 10').issues[0]!.kind).toBe('not_finite');
    expect(evaluate('(-8) ^ 0.5').value).toBeNull(); // no real square root
    expect(evaluate('0 ^ -1').issues[0]!.kind).toBe('not_finite');
    expect(evaluate('round(1, 0.5)').issues[0]!.kind).toBe('not_finite');
  });

  it('does not evaluate the untaken branch', () => {
    const result = evaluate('if(B == 0, 0, A / B)', { A: 1, B: 0 });
    expect(result.value).toBe(0);
    expect(result.issues).toEqual([]);
  });

  it('treats non-finite inputs as missing and says so', () => {
    const result = evaluateExpression(parseExpression('A + 1'), { A: Number.NaN });
    expect(result.value).toBeNull();
    expect(result.issues[0]!.kind).toBe('invalid_input');
  });

  it('looks filtered references up by their canonical key', () => {
    const result = evaluateExpression(parseExpression('#{BIRTHS|sex=F} / BIRTHS'), (key) => ({ BIRTHS: 200, 'BIRTHS|sex=F': 96 })[key]);
    expect(result.value).toBe(0.48); // 96 / 200
    expect([...result.inputs.entries()]).toEqual([['BIRTHS|sex=F', 96], ['BIRTHS', 200]]);
  });

  describe('missing-value strategies', () => {
    // A = 4, B missing, C missing.
    const values = { A: 4, B: null, C: null };
    it.each([
      ['A + B', 'propagate', null, false],
      ['A + B', 'skip_if_any_missing', null, true],
      ['A + B', 'skip_if_all_missing', 4, false], // 4 + 0
      ['B + C', 'skip_if_all_missing', null, true],
      ['A + B', 'never_skip', 4, false], // 4 + 0
      ['B + C', 'never_skip', 0, false], // 0 + 0
      ['B <= A', 'never_skip', true, false], // 0 <= 4
      ['coalesce(B, 1) + A', 'skip_if_any_missing', null, true], // strategy looks at every reference
      ['coalesce(B, 1) + A', 'propagate', 5, false], // 1 + 4
      ['1 + 1', 'skip_if_all_missing', 2, false], // no references: nothing is missing
    ] as const)('%s with %s → %j (skipped %s)', (source, strategy, value, skipped) => {
      const result = evaluate(source, values, strategy);
      expect(result.value).toBe(value);
      expect(result.skipped).toBe(skipped);
    });

    it('records inputs as found, before substituting 0', () => {
      const result = evaluate('A + B', values, 'never_skip');
      expect(result.missing).toEqual(['B']);
      expect(result.inputs.get('B')).toBeNull();
    });
  });
});
