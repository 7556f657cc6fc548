import { describe, expect, it } from 'vitest';
import type { AttainmentInputs, SeriesPoint } from './attainment.types.js';
import { ATTAINMENT_METHOD_VERSION, evaluateAttainment } from './engine.js';
import type { TargetSpec } from './types.js';

/** { 2020: 6.13, 2025: 7.62 } → series points. */
function series(values: Record<number, number | null>): SeriesPoint[] {
  return Object.entries(values).map(([year, value]) => ({ year: Number(year), value }));
}
const H = { polarity: 'higher_is_better' } as const;
const L = { polarity: 'lower_is_better' } as const;
const codes = (r: { warnings: readonly { code: string }[] }) => r.warnings.map((w) => w.code);

describe('evaluateAttainment, one kind at a time (illustrative Hebei-like figures)', () => {
  it('threshold: beds per 1,000 提高至7.5张', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'ge', value: 7.5 }, { ...H, year: 2025, series: series({ 2020: 6.13, 2025: 7.62 }), baseline: { year: 2020 } });
    expect(r.status).toBe('attained');
    expect([r.valueUsed, r.valueYear]).toEqual([7.62, 2025]);
    expect(r.gapAbsolute).toBeCloseTo(-0.12, 10); // 7.5 − 7.62: beyond the target
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(-8.7591, 3); // −0.12 / (7.5 − 6.13) × 100
    expect(r.baseline).toEqual({ year: 2020, value: 6.13 });
  });

  it('threshold: a strict target exactly at the figure is not attained (超过39.3%)', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'gt', value: 39.3 }, { ...H, year: 2025, series: series({ 2025: 39.3 }) });
    expect(r.status).toBe('not_attained');
    expect(r.gapAbsolute).toBe(0);
  });

  it('count: 健康县区80个以上', () => {
    const r = evaluateAttainment({ kind: 'count', op: 'ge', value: 80 }, { ...H, year: 2025, series: series({ 2023: 52, 2024: 71, 2025: 83 }) });
    expect(r.status).toBe('attained');
    expect(r.gapAbsolute).toBe(-3); // 80 − 83
  });

  it('approx, lower is better: 27左右 is at most 28.35', () => {
    const spec: TargetSpec = { kind: 'approx', value: 27, tolerance: 0.05, toleranceMode: 'relative' };
    const met = evaluateAttainment(spec, { ...L, year: 2025, series: series({ 2025: 28 }) });
    expect(met.status).toBe('attained');
    expect(met.gapAbsolute).toBeCloseTo(-0.35, 10); // (28.35 − 28) × −1
    const missed = evaluateAttainment(spec, { ...L, year: 2025, series: series({ 2025: 28.5 }) });
    expect(missed.status).toBe('not_attained');
    expect(missed.gapAbsolute).toBeCloseTo(0.15, 10); // 28.5 − 28.35
  });

  it('approx, neutral: both sides count', () => {
    const r = evaluateAttainment({ kind: 'approx', value: 27, tolerance: 0.05, toleranceMode: 'relative' }, { polarity: 'neutral', year: 2025, series: series({ 2025: 25 }) });
    expect(r.status).toBe('not_attained');
    expect(r.gapAbsolute).toBeCloseTo(0.65, 10); // 25.65 − 25
  });

  it('range: 1-2个, inside and outside', () => {
    const spec: TargetSpec = { kind: 'range', min: 1, max: 2 };
    const inside = evaluateAttainment(spec, { polarity: 'neutral', year: 2025, series: series({ 2025: 1.6 }) });
    expect(inside.status).toBe('attained');
    expect(inside.gapAbsolute).toBeCloseTo(-0.4, 10); // −min(1.6 − 1, 2 − 1.6)
    const outside = evaluateAttainment(spec, { polarity: 'neutral', year: 2025, series: series({ 2025: 2.5 }) });
    expect(outside.status).toBe('not_attained');
    expect(outside.gapAbsolute).toBeCloseTo(0.5, 10); // 2.5 − 2
  });

  it('change: national life expectancy 在2020年基础上继续提高1岁左右, 2024 value used for 2025', () => {
    const r = evaluateAttainment(
      { spec: { kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'about', tolerance: 0.05 }, baseline: { year: 2020, value: 77.93 } },
      { ...H, year: 2025, series: series({ 2020: 77.93, 2021: 78.2, 2024: 79.0 }) },
    );
    expect(r.status).toBe('attained'); // 79.0 ≥ 77.93 + 1 − 0.05 = 78.88
    expect(r.valueYear).toBe(2024);
    expect(r.gapAbsolute).toBeCloseTo(-0.12, 10); // 78.88 − 79.0
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(-12.6316, 3); // −0.12 / (78.88 − 77.93) × 100
    expect(codes(r)).toEqual(['VITALS_W_STALE_DATA']);
  });

  it('change, relative: 比2015年降低30%', () => {
    const r = evaluateAttainment({ kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, { ...L, year: 2025, series: series({ 2015: 20, 2025: 15 }) });
    expect(r.status).toBe('not_attained'); // needs ≤ 20 × 0.7 = 14
    expect(r.gapAbsolute).toBeCloseTo(1, 10); // 15 − 14
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(16.6667, 3); // 1 / (20 − 14) × 100
  });

  it('annual change: myopia 每年降低0.5个百分点 from 2018 (53.6), judged in 2022', () => {
    const r = evaluateAttainment({ kind: 'annual_change', mode: 'absolute', amount: -0.5, comparison: 'at_least' }, { ...L, year: 2022, series: series({ 2018: 53.6, 2020: 52.7, 2021: 52.6, 2022: 51.9 }), baseline: { year: 2018 } });
    expect(r.status).toBe('not_attained'); // needs ≤ 53.6 − 0.5 × 4 = 51.6
    expect(r.gapAbsolute).toBeCloseTo(0.3, 10); // 51.9 − 51.6
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(15, 8); // 0.3 / 2.0 × 100
  });

  it('maintain: 保持稳定 around the baseline, and around the previous year', () => {
    const spec: TargetSpec = { kind: 'maintain', reference: 'baseline', tolerance: 0.02, toleranceMode: 'relative' };
    const inputs: AttainmentInputs = { ...H, year: 2025, series: series({ 2020: 85.2, 2025: 84 }), baseline: { year: 2020 } };
    const r = evaluateAttainment(spec, inputs);
    expect(r.status).toBe('attained'); // 85.2 ± 1.704 = [83.496, 86.904]
    expect(r.gapAbsolute).toBeCloseTo(-0.504, 10); // −min(84 − 83.496, 86.904 − 84)
    const moved = evaluateAttainment(spec, { ...inputs, series: series({ 2020: 85.2, 2025: 87 }) });
    expect(moved.status).toBe('not_attained');
    expect(moved.gapAbsolute).toBeCloseTo(0.096, 10); // 87 − 86.904
    const previous = evaluateAttainment({ kind: 'maintain', reference: 'previous_year', tolerance: 1 }, { ...H, year: 2025, series: series({ 2024: 70, 2025: 71 }) });
    expect(previous.status).toBe('attained'); // [69, 71] inclusive
    expect(previous.gapAbsolute).toBe(0);
  });

  it('direction each year: 逐年下降 fails on one flat step', () => {
    const spec: TargetSpec = { kind: 'direction', direction: 'decrease', strictness: 'each_year' };
    const ok = evaluateAttainment(spec, { ...L, year: 2023, series: series({ 2019: 16.1, 2020: 15.7, 2021: 15.3, 2022: 14.9, 2023: 14.6 }) });
    expect(ok.status).toBe('attained');
    expect(ok.gapAbsolute).toBeCloseTo(-0.3, 10); // smallest fall: 14.9 → 14.6
    const flat = evaluateAttainment(spec, { ...L, year: 2023, series: series({ 2021: 15.3, 2022: 15.3, 2023: 14.6 }) });
    expect(flat.status).toBe('not_attained');
    expect(flat.gapAbsolute).toBe(0);
    expect(flat.provenance.inputs.failingSteps).toEqual(['2021→2022']);
  });

  it('direction overall: 持续提升 from the baseline', () => {
    const r = evaluateAttainment({ kind: 'direction', direction: 'increase', strictness: 'overall' }, { ...H, year: 2025, series: series({ 2020: 70, 2023: 69, 2025: 71 }), baseline: { year: 2020 } });
    expect(r.status).toBe('attained');
    expect(r.gapAbsolute).toBe(-1); // (70 − 71) × +1
    expect(r.baseline).toEqual({ year: 2020, value: 70 });
  });

  it('slowing growth: obesity prevalence 15.0 → 16.8 with falling growth rates', () => {
    // rates: 0.6/15 = 4.0 %, 0.5/15.6 = 3.21 %, 0.4/16.1 = 2.48 %, 0.3/16.5 = 1.82 % — each lower
    const ok = evaluateAttainment({ kind: 'slowing_growth' }, { ...L, year: 2025, series: series({ 2021: 15.0, 2022: 15.6, 2023: 16.1, 2024: 16.5, 2025: 16.8 }) });
    expect(ok.status).toBe('attained');
    // rates: 5 %, then 0.6/10.5 = 5.71 % — faster
    const faster = evaluateAttainment({ kind: 'slowing_growth' }, { ...L, year: 2025, series: series({ 2023: 10, 2024: 10.5, 2025: 11.1 }) });
    expect(faster.status).toBe('not_attained');
    expect(faster.provenance.inputs.failingSteps).toEqual(['2024→2025']);
  });

  it('achieve: 实现 recorded as 1/0', () => {
    expect(evaluateAttainment({ kind: 'achieve' }, { ...H, year: 2022, series: series({ 2022: 1 }) }).status).toBe('attained');
    expect(evaluateAttainment({ kind: 'achieve' }, { ...H, year: 2022, series: series({ 2022: 0 }) }).status).toBe('not_attained');
  });

  it('proportional: healthy life expectancy 同比例提高 with life expectancy', () => {
    const r = evaluateAttainment({ kind: 'proportional', referenceIndicator: 'LE', baselineYear: 2020 }, {
      ...H, year: 2025, series: series({ 2020: 68.5, 2024: 69.4 }), references: { LE: series({ 2020: 77.75, 2024: 78.9 }) },
    });
    // needs ≥ 68.5 × 78.9 / 77.75 = 69.51318…; gap 0.11318…; required change 1.01318…
    expect(r.status).toBe('not_attained');
    expect(r.gapAbsolute).toBeCloseTo(0.113183, 5);
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(11.1710, 3);
    expect(r.provenance.inputs.reference).toMatchObject({ indicator: 'LE', current: { year: 2024, value: 78.9 } });
  });

  it('benchmark: 优于全国平均水平 compares the same year (2024) for both', () => {
    const r = evaluateAttainment({ kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, {
      ...H, year: 2025, series: series({ 2020: 77.75, 2024: 78.9, 2025: 79.3 }), baseline: { year: 2020 },
      benchmarks: { '000000': series({ 2020: 77.93, 2024: 79.0 }) },
    });
    expect(r.valueYear).toBe(2024); // 2025 has no national value
    expect(r.status).toBe('not_attained'); // 78.9 is not > 79.0
    expect(r.gapAbsolute).toBeCloseTo(0.1, 10);
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(8, 8); // 0.1 / (79.0 − 77.75) × 100
    expect(r.provenance.inputs.benchmark).toEqual({ region: '000000', year: 2024, value: 79.0 });
  });

  it('benchmark: 达到全国平均水平 is met by an equal value', () => {
    const r = evaluateAttainment({ kind: 'benchmark', benchmarkRegion: '000000', relation: 'reach' }, { ...H, year: 2023, series: series({ 2023: 78.6 }), benchmarks: { '000000': series({ 2023: 78.6 }) } });
    expect(r.status).toBe('attained');
  });

  it('coverage: 设区市全覆盖 with one city at 0 and one without data', () => {
    const expected = ['130100', '130200', '130300', '130400', '130500', '130600', '130700', '130800', '130900', '131000', '131100'];
    const values = Object.fromEntries(expected.map((code) => [code, series({ 2025: code === '131100' ? 0 : 2 })]));
    delete values['130800'];
    const r = evaluateAttainment({ kind: 'coverage', subLevel: 'prefecture', share: 1 }, { ...H, year: 2025, series: [], subUnits: { expected, series: values } });
    expect(r.status).toBe('not_attained');
    expect(r.valueUsed).toBeCloseTo(9 / 11, 12);
    expect(r.gapAbsolute).toBeCloseTo(2 / 11, 12); // 1 − 9/11
    expect(r.coverage).toMatchObject({ expected: 11, notCovered: ['131100'], missing: ['130800'] });
    expect(codes(r)).toEqual(['VITALS_W_INCOMPLETE_AGGREGATE']);
  });

  it('coverage: 每个县建成1所 attained at share 1', () => {
    const r = evaluateAttainment({ kind: 'coverage', subLevel: 'county', share: 1, perUnit: 1 }, { ...H, year: 2025, series: [], subUnits: { expected: ['a', 'b'], series: { a: series({ 2025: 1 }), b: series({ 2025: 3 }) } } });
    expect(r.status).toBe('attained');
    expect(r.gapAbsolute).toBe(0);
  });

  it('records method, version, parameters and inputs', () => {
    const r = evaluateAttainment(
      { spec: { kind: 'threshold', op: 'ge', value: 29 }, milestoneYear: 2027, indicator: 'HL' },
      { ...H, year: 2025, series: series({ 2024: 30.1 }), region: '130000', indicator: 'HL' },
    );
    expect(r).toMatchObject({ region: '130000', indicator: 'HL', milestoneYear: 2027, evaluationYear: 2025, kind: 'threshold' });
    expect(r.provenance).toEqual({
      method: 'attainment',
      methodVersion: ATTAINMENT_METHOD_VERSION,
      params: { kind: 'threshold', spec: { kind: 'threshold', op: 'ge', value: 29 }, polarity: 'higher_is_better', evaluationYear: 2025, maxStalenessYears: 2 },
      inputs: { value: { year: 2024, value: 30.1 }, baseline: null },
    });
  });
});
