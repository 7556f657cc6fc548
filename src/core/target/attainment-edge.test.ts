import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from './attainment.types.js';
import { evaluateAttainment } from './engine.js';
import type { TargetSpec } from './types.js';

function series(values: Record<number, number | null>): SeriesPoint[] {
  return Object.entries(values).map(([year, value]) => ({ year: Number(year), value }));
}
const H = { polarity: 'higher_is_better' } as const;
const L = { polarity: 'lower_is_better' } as const;
const codes = (r: { warnings: readonly { code: string }[] }) => r.warnings.map((w) => w.code);
const PCT = { min: 0, max: 100 };

describe('edge cases', () => {
  it('target already met at the baseline: attained, gap % not meaningful', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'le', value: 7.5 }, { ...L, year: 2022, series: series({ 2017: 6.8, 2022: 4.9 }), baseline: { year: 2017 } });
    expect(r.status).toBe('attained');
    expect(r.gapAbsolute).toBeCloseTo(-2.6, 10); // 4.9 − 7.5
    expect(r.gapPercentOfRequiredChange).toBeNull(); // required change 6.8 − 7.5 < 0
    expect(codes(r)).toEqual(['VITALS_W_MET_AT_BASELINE']);
  });

  it('zero baseline for a relative change: not evaluable, with the reason', () => {
    const r = evaluateAttainment({ kind: 'change', baselineYear: 2020, mode: 'relative', amount: -0.3, comparison: 'at_least' }, { ...L, year: 2025, series: series({ 2020: 0, 2025: 0 }) });
    expect(r.status).toBe('not_evaluable');
    expect(r.reason?.code).toBe('VITALS_W_ZERO_BASELINE');
    expect(r.valueUsed).toBeNull();
    expect(codes(r)[0]).toBe('VITALS_W_ZERO_BASELINE');
  });

  it('zero baseline for an absolute change is fine', () => {
    const r = evaluateAttainment({ kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 2, comparison: 'at_least' }, { ...H, year: 2025, series: series({ 2020: 0, 2025: 3 }) });
    expect(r.status).toBe('attained');
    expect(r.gapPercentOfRequiredChange).toBeCloseTo(-50, 10); // (2 − 3) / (2 − 0) × 100
  });

  it('a ≥ 100 % target sits at the natural limit: only 100 attains it', () => {
    const spec: TargetSpec = { kind: 'threshold', op: 'ge', value: 100 };
    const full = evaluateAttainment(spec, { ...H, bounds: PCT, year: 2025, series: series({ 2025: 100 }) });
    expect(full.status).toBe('attained');
    expect(codes(full)).toEqual(['VITALS_W_NEAR_NATURAL_LIMIT']);
    const near = evaluateAttainment(spec, { ...H, bounds: PCT, year: 2025, series: series({ 2020: 96, 2025: 99.5 }), baseline: { year: 2020 } });
    expect(near.status).toBe('not_attained');
    expect(near.gapAbsolute).toBeCloseTo(0.5, 10);
    expect(near.gapPercentOfRequiredChange).toBeCloseTo(12.5, 10); // 0.5 / (100 − 96) × 100
  });

  it('a target beyond the natural limit is flagged as unreachable', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'gt', value: 100 }, { ...H, bounds: PCT, year: 2025, series: series({ 2025: 100 }) });
    expect(r.status).toBe('not_attained');
    expect(r.warnings[0]?.en).toContain('cannot be reached');
  });

  it('an implied threshold past 100 % is judged against the limit (90 % + 20 % → 100 %)', () => {
    const r = evaluateAttainment({ kind: 'change', baselineYear: 2020, mode: 'relative', amount: 0.2, comparison: 'at_least' }, { ...H, bounds: PCT, year: 2025, series: series({ 2020: 90, 2025: 100 }) });
    expect(r.status).toBe('attained'); // 90 × 1.2 = 108 > 100 → at least 100
    expect(r.required).toMatchObject({ op: 'ge', threshold: 100 });
    expect(codes(r)).toEqual(['VITALS_W_NEAR_NATURAL_LIMIT']);
  });

  it('a reduction near 0 % stays above the lower limit (0.5 % − 1 point → 0 %)', () => {
    const r = evaluateAttainment({ kind: 'change', baselineYear: 2020, mode: 'absolute', amount: -1, comparison: 'at_least' }, { ...L, bounds: PCT, year: 2025, series: series({ 2020: 0.5, 2025: 0 }) });
    expect(r.status).toBe('attained');
    expect(r.required).toMatchObject({ op: 'le', threshold: 0 });
  });

  it('a value outside the natural limits is reported as a data problem', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'ge', value: 90 }, { ...H, bounds: PCT, year: 2025, series: series({ 2025: 100.4 }) });
    expect(r.status).toBe('attained');
    expect(r.warnings[0]?.en).toContain('outside the natural limits');
  });

  it('missing latest data: the latest year within the window, with a stale warning', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'ge', value: 3.8 }, { ...H, year: 2025, series: series({ 2023: 3.1, 2024: 3.3, 2025: null }) });
    expect([r.status, r.valueUsed, r.valueYear]).toEqual(['not_attained', 3.3, 2024]);
    expect(codes(r)).toEqual(['VITALS_W_STALE_DATA']);
  });

  it('missing data beyond the window: not evaluable', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'ge', value: 29 }, { ...H, year: 2027, series: series({ 2023: 28.4, 2024: 30.1 }) });
    expect(r.status).toBe('not_evaluable');
    expect(r.reason?.code).toBe('VITALS_W_MISSING_DATA');
    expect(r.required).toMatchObject({ type: 'compare', threshold: 29 }); // the requirement is still shown
    const wider = evaluateAttainment({ kind: 'threshold', op: 'ge', value: 29 }, { ...H, year: 2027, maxStalenessYears: 3, series: series({ 2024: 30.1 }) });
    expect([wider.status, wider.valueYear]).toEqual(['attained', 2024]);
  });

  it('values after the evaluation year are ignored', () => {
    const r = evaluateAttainment({ kind: 'threshold', op: 'ge', value: 10 }, { ...H, year: 2023, series: series({ 2023: 9, 2024: 11 }) });
    expect([r.status, r.valueYear]).toEqual(['not_attained', 2023]);
  });

  it('qualitative without a direction: not evaluable', () => {
    const r = evaluateAttainment({ kind: 'qualitative' }, { ...H, year: 2025, series: series({ 2024: 1, 2025: 2 }) });
    expect(r.status).toBe('not_evaluable');
    expect(r.reason?.code).toBe('VITALS_W_QUALITATIVE_TARGET');
  });

  it('qualitative with a direction: judged on the direction only, and says so', () => {
    const r = evaluateAttainment({ kind: 'qualitative', direction: 'decrease' }, { ...L, year: 2025, series: series({ 2024: 3.2, 2025: 3.0 }) });
    expect(r.status).toBe('attained');
    expect(codes(r)).toEqual(['VITALS_W_QUALITATIVE_TARGET']);
    expect(r.required.explanation.en).toContain('direction only');
  });

  it('compound: every part is reported; one failing part fails the whole', () => {
    const spec: TargetSpec = { kind: 'all', parts: [{ kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }] };
    const ok = evaluateAttainment(spec, { ...L, year: 2023, series: series({ 2021: 15.3, 2022: 14.9, 2023: 14.6 }), benchmarks: { '000000': series({ 2022: 15.2, 2023: 15.0 }) } });
    expect(ok.status).toBe('attained');
    expect(ok.parts?.map((p) => p.status)).toEqual(['attained', 'attained']);
    const rising = evaluateAttainment(spec, { ...L, year: 2023, series: series({ 2021: 14.3, 2022: 14.9, 2023: 14.6 }), benchmarks: { '000000': series({ 2023: 15.0 }) } });
    expect(rising.status).toBe('not_attained');
    expect(rising.parts?.map((p) => p.status)).toEqual(['attained', 'not_attained']);
  });

  it('compound: a part without data makes the whole not evaluable unless another part failed', () => {
    const spec: TargetSpec = { kind: 'all', parts: [{ kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }] };
    const noNational = evaluateAttainment(spec, { ...L, year: 2023, series: series({ 2022: 14.9, 2023: 14.6 }) });
    expect(noNational.status).toBe('not_evaluable');
    expect(noNational.reason?.code).toBe('VITALS_W_MISSING_DATA');
    const failing = evaluateAttainment(spec, { ...L, year: 2023, series: series({ 2022: 14.0, 2023: 14.6 }) });
    expect(failing.status).toBe('not_attained');
  });

  it('benchmark without a common year: not evaluable', () => {
    const r = evaluateAttainment({ kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, { ...L, year: 2027, series: series({ 2025: 3.9 }), benchmarks: { '000000': series({ 2022: 4.9 }) } });
    expect(r.status).toBe('not_evaluable');
    expect(r.reason?.en).toContain('the national');
  });

  it('coverage without the list of expected sub-units: not evaluable', () => {
    const r = evaluateAttainment({ kind: 'coverage', subLevel: 'county', share: 1 }, { ...H, year: 2025, series: [] });
    expect(r.status).toBe('not_evaluable');
    expect(r.reason?.code).toBe('VITALS_W_MISSING_DATA');
  });

  it('flags a target figure that is not confirmed in a source text', () => {
    const r = evaluateAttainment(
      { spec: { kind: 'threshold', op: 'le', value: 14.5 }, provenance: { source: { document: '“十四五”国民健康规划' }, verification: 'recalled_unverified' } },
      { ...L, year: 2025, series: series({ 2025: 14 }) },
    );
    expect(codes(r)).toContain('VITALS_W_UNVERIFIED_SOURCE');
  });
});

describe('bad input', () => {
  it('an unknown kind fails with VITALS_E_UNKNOWN_METHOD', () => {
    expect(() => evaluateAttainment({ kind: 'magic' } as unknown as TargetSpec, { ...H, year: 2025, series: [] })).toThrow(
      expect.objectContaining({ code: 'VITALS_E_UNKNOWN_METHOD', params: { kind: 'target', name: 'magic' } }),
    );
  });

  it('a malformed spec fails with VITALS_E_INVALID_TARGET naming the field', () => {
    expect(() => evaluateAttainment({ kind: 'coverage', subLevel: 'county', share: 2 }, { ...H, year: 2025, series: [] })).toThrow(/share must be in \(0, 1\]/);
  });

  it('two different values for one year fail with VITALS_E_INVALID_INPUT naming region, indicator and year', () => {
    expect(() => evaluateAttainment({ kind: 'threshold', op: 'ge', value: 1 }, { ...H, year: 2025, region: '130000', indicator: 'BEDS', series: [{ year: 2025, value: 7 }, { year: 2025, value: 8 }] })).toThrow(
      /130000\/BEDS 2025: two different values/,
    );
  });

  it('a non-finite value fails', () => {
    expect(() => evaluateAttainment({ kind: 'threshold', op: 'ge', value: 1 }, { ...H, year: 2025, series: [{ year: 2025, value: Number.NaN }] })).toThrow(expect.objectContaining({ code: 'VITALS_E_INVALID_INPUT' }));
  });

  it('a fractional evaluation year fails', () => {
    expect(() => evaluateAttainment({ kind: 'achieve' }, { ...H, year: 2025.5, series: [] })).toThrow(/evaluation year/);
  });
});
