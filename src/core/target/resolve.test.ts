import { describe, expect, it } from 'vitest';
import type { ResolveContext, TargetTest } from './attainment.types.js';
import { resolveTarget } from './engine.js';
import type { TargetSpec } from './types.js';

const H: ResolveContext = { polarity: 'higher_is_better', year: 2025 };
const L: ResolveContext = { polarity: 'lower_is_better', year: 2025 };
const N: ResolveContext = { polarity: 'neutral', year: 2025 };

type Expect = Partial<Extract<TargetTest, { type: 'compare' }>> | Partial<Extract<TargetTest, { type: 'interval' }>> | Partial<Extract<TargetTest, { type: 'series' }>>;

// [label, spec, context, expected fields of the test]
const cases: [string, TargetSpec, ResolveContext, Expect][] = [
  ['≥7.5', { kind: 'threshold', op: 'ge', value: 7.5 }, H, { type: 'compare', op: 'ge', threshold: 7.5, explanation: { zh: '达到或超过 7.5', en: 'at least 7.5' } }],
  ['<7', { kind: 'threshold', op: 'lt', value: 7 }, L, { type: 'compare', op: 'lt', threshold: 7, explanation: { zh: '低于 7', en: 'less than 7' } }],
  ['count ≥80', { kind: 'count', op: 'ge', value: 80 }, H, { type: 'compare', op: 'ge', threshold: 80 }],
  // 27左右, ±5 % → tolerance 1.35; lower is better → at most 27 + 1.35 = 28.35
  ['27左右 lower', { kind: 'approx', value: 27, tolerance: 0.05, toleranceMode: 'relative' }, L, { type: 'compare', op: 'le', threshold: 28.35 }],
  // higher is better → at least 70 − 3.5 = 66.5
  ['70左右 higher', { kind: 'approx', value: 70, tolerance: 0.05, toleranceMode: 'relative' }, H, { type: 'compare', op: 'ge', threshold: 66.5 }],
  // neutral → [27 − 1, 27 + 1] with an absolute tolerance of 1
  ['27±1 neutral', { kind: 'approx', value: 27, tolerance: 1 }, N, { type: 'interval', min: 26, max: 28, minInclusive: true, maxInclusive: true }],
  ['1-2', { kind: 'range', min: 1, max: 2 }, N, { type: 'interval', min: 1, max: 2, minInclusive: true, maxInclusive: true }],
  // 77.93 + 1 − 0.05 = 78.88
  [
    '在2020年基础上继续提高1岁左右',
    { kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'about', tolerance: 0.05 },
    { ...H, baselineYear: 2020, baselineValue: 77.93 },
    { type: 'compare', op: 'ge' },
  ],
  // 20 × (1 − 0.30) = 14, at most
  ['比2015年降低30%', { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, { ...L, baselineValue: 20 }, { type: 'compare', op: 'le', threshold: 14 }],
  // 52.7 − 0.5 × (2025 − 2020) = 50.2
  ['每年降低0.5个百分点', { kind: 'annual_change', mode: 'absolute', amount: -0.5, comparison: 'at_least' }, { ...L, baselineYear: 2020, baselineValue: 52.7 }, { type: 'compare', op: 'le', threshold: 50.2 }],
  // 100 × 1.1² = 121, compounded
  ['每年提高10%', { kind: 'annual_change', mode: 'relative', amount: 0.1, comparison: 'at_least' }, { ...H, year: 2022, baselineYear: 2020, baselineValue: 100 }, { type: 'compare', op: 'ge' }],
  // 85.2 ± 2 % = 85.2 ± 1.704 → [83.496, 86.904]
  ['保持稳定', { kind: 'maintain', reference: 'baseline', tolerance: 0.02, toleranceMode: 'relative' }, { ...H, baselineValue: 85.2 }, { type: 'interval' }],
  ['逐年下降', { kind: 'direction', direction: 'decrease', strictness: 'each_year' }, L, { type: 'series', check: 'each_year', direction: 'decrease' }],
  ['持续减缓', { kind: 'slowing_growth' }, L, { type: 'series', check: 'slowing_growth' }],
  ['实现', { kind: 'achieve' }, H, { type: 'compare', op: 'ge', threshold: 1 }],
  // 68.5 × (1 + 0.02) = 69.87
  ['同比例提高', { kind: 'proportional', referenceIndicator: 'LE', baselineYear: 2020 }, { ...H, baselineValue: 68.5, referenceChange: 0.02 }, { type: 'compare', op: 'ge' }],
  ['达到全国 (higher)', { kind: 'benchmark', benchmarkRegion: '000000', relation: 'reach' }, { ...H, benchmarkValue: 79 }, { type: 'compare', op: 'ge', threshold: 79 }],
  ['优于全国 (lower)', { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, { ...L, benchmarkValue: 4.9 }, { type: 'compare', op: 'lt', threshold: 4.9 }],
  ['低于国家 (higher, literal)', { kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { ...H, benchmarkValue: 15 }, { type: 'compare', op: 'lt', threshold: 15 }],
  ['县级全覆盖', { kind: 'coverage', subLevel: 'county', share: 1 }, H, { type: 'compare', subject: 'covered_share', op: 'ge', threshold: 1, perUnit: 1, subLevel: 'county' }],
];

describe('resolveTarget', () => {
  it.each(cases)('%s', (_label, spec, context, expected) => {
    expect(resolveTarget(spec, context)).toMatchObject(expected);
  });

  it('computes implied thresholds for baseline-relative and per-year targets', () => {
    const change = resolveTarget({ kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'about', tolerance: 0.05 }, { ...H, baselineValue: 77.93 });
    expect(change.type === 'compare' && change.threshold).toBeCloseTo(78.88, 10); // 77.93 + 1 − 0.05
    const compounded = resolveTarget({ kind: 'annual_change', mode: 'relative', amount: 0.1, comparison: 'at_least' }, { ...H, year: 2022, baselineYear: 2020, baselineValue: 100 });
    expect(compounded.type === 'compare' && compounded.threshold).toBeCloseTo(121, 10); // 100 × 1.1 × 1.1
    const proportional = resolveTarget({ kind: 'proportional', referenceIndicator: 'LE', baselineYear: 2020 }, { ...H, baselineValue: 68.5, referenceChange: 0.02 });
    expect(proportional.type === 'compare' && proportional.threshold).toBeCloseTo(69.87, 10); // 68.5 × 1.02
    const maintain = resolveTarget({ kind: 'maintain', reference: 'baseline', tolerance: 0.02, toleranceMode: 'relative' }, { ...H, baselineValue: 85.2 });
    expect(maintain.type === 'interval' && [maintain.min, maintain.max]).toEqual([expect.closeTo(83.496, 10), expect.closeTo(86.904, 10)]);
  });

  it('explains the implied threshold in both languages', () => {
    const test = resolveTarget({ kind: 'annual_change', mode: 'absolute', amount: -0.5, comparison: 'at_least' }, { ...L, baselineYear: 2020, baselineValue: 52.7 });
    expect(test.explanation).toEqual({
      zh: '自2020年（52.7）起每年降低0.5，5年后为 50.2，即不高于 50.2',
      en: '−0.5 a year from 2020 (52.7) over 5 years = 50.2: at most 50.2',
    });
  });

  it('takes the baseline from a full target when the context has none', () => {
    const test = resolveTarget(
      { spec: { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, baseline: { year: 2015, value: 20 } },
      L,
    );
    expect(test).toMatchObject({ type: 'compare', op: 'le', threshold: 14 }); // 20 × 0.7
  });

  it('resolves every part of a compound target', () => {
    const test = resolveTarget(
      { kind: 'all', parts: [{ kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }] },
      { ...L, benchmarkValue: 15 },
    );
    expect(test.type).toBe('all');
    expect(test.type === 'all' && test.parts.map((p) => p.type)).toEqual(['compare', 'series']);
  });

  // [label, spec, context, warning code of the reason]
  const unresolvable: [string, TargetSpec, ResolveContext, string][] = [
    ['change without baseline', { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, L, 'VITALS_W_MISSING_DATA'],
    ['baseline of another year', { kind: 'change', baselineYear: 2015, mode: 'absolute', amount: 1, comparison: 'at_least' }, { ...H, baselineYear: 2016, baselineValue: 5 }, 'VITALS_W_MISSING_DATA'],
    ['relative change of zero', { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, { ...L, baselineValue: 0 }, 'VITALS_W_ZERO_BASELINE'],
    ['benchmark missing', { kind: 'benchmark', benchmarkRegion: '000000', relation: 'reach' }, H, 'VITALS_W_MISSING_DATA'],
    ['benchmark, neutral', { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, { ...N, benchmarkValue: 3 }, 'VITALS_W_NO_POLARITY'],
    ['qualitative', { kind: 'qualitative' }, H, 'VITALS_W_QUALITATIVE_TARGET'],
    ['per-year before baseline', { kind: 'annual_change', mode: 'absolute', amount: 1, comparison: 'at_least' }, { ...H, year: 2019, baselineYear: 2020, baselineValue: 5 }, 'VITALS_W_MISSING_DATA'],
  ];
  it.each(unresolvable)('no test: %s', (_label, spec, context, code) => {
    const test = resolveTarget(spec, context);
    expect(test.type).toBe('none');
    expect(test.type === 'none' && test.reason.code).toBe(code);
  });

  it('fails on an unknown kind with VITALS_E_UNKNOWN_METHOD', () => {
    expect(() => resolveTarget({ kind: 'magic' } as unknown as TargetSpec, H)).toThrow(expect.objectContaining({ code: 'VITALS_E_UNKNOWN_METHOD', params: { kind: 'target', name: 'magic' } }));
  });

  it('fails on a malformed spec with VITALS_E_INVALID_TARGET', () => {
    expect(() => resolveTarget({ kind: 'range', min: 3, max: 1 }, H)).toThrow(expect.objectContaining({ code: 'VITALS_E_INVALID_TARGET' }));
  });
});
