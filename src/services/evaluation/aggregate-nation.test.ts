import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AggregationRule } from '../../core/aggregation/index.js';
import type { AggregateRow } from '../../storage/repositories/aggregate.repository.js';
import { combineNation, combineNationRows, NATION, type NationProvince } from './aggregate-nation.js';

const province = (code: string, counties: number, extra: Partial<NationProvince> = {}): NationProvince => ({ code, validFrom: '2019-01-01', validTo: null, regionsByLevel: { prefecture: 1, county: counties, township: counties * 10 }, ...extra });
const PROVINCES = [province('110000', 16), province('130000', 167), province('140000', 117)];
const TOTAL = { sex: 'total', ageGroup: 'total', area: 'total' };

function row(provinceCode: string, rule: AggregationRule, part: Partial<AggregateRow>): AggregateRow {
  return {
    provinceCode, dataElementId: 7, period: '2025', region: provinceCode, ...TOTAL, rule, value: null, numerator: null, denominator: null,
    weightedSum: null, weightSum: null, lastPeriod: null, childrenExpected: 1, childrenContributing: 1, leavesExpected: 10, leavesContributing: 10,
    periodsExpected: 10, periodsContributing: 10, completeness: 1, leafLevel: 'county', reason: null, detail: null, methodVersion: '1.0.0', ...part,
  };
}

const element = (aggregation: AggregationRule, periodType: 'year' | 'month' = 'year') => ({ id: 7, aggregation, periodType });

describe('combineNation', () => {
  it('adds sums and their coverage; a province without a row is a missing child with all its counties expected', () => {
    const out = combineNation({
      element: element('sum'), period: '2025', disaggregation: TOTAL, provinces: PROVINCES,
      rows: [row('110000', 'sum', { value: 120, leavesExpected: 16, leavesContributing: 16, periodsExpected: 16, periodsContributing: 16 }),
        row('130000', 'sum', { value: 800, leavesExpected: 167, leavesContributing: 150, periodsExpected: 167, periodsContributing: 150 })],
    });
    // 120 + 800 = 920; leaves 16 + 167 + 117 (山西, no row) = 300 expected, 16 + 150 = 166 contributing.
    expect(out).toMatchObject({ provinceCode: NATION, region: NATION, value: 920, childrenExpected: 3, childrenContributing: 2, leavesExpected: 300, leavesContributing: 166, periodsExpected: 300, periodsContributing: 166, leafLevel: 'county' });
    expect(out.completeness).toBeCloseTo(166 / 300, 12);
    expect(out.detail?.missing).toEqual(['140000']);
    // 166/300 = 55.3% < 90%: the incomplete warning.
    expect(out.detail?.warnings?.[0]?.code).toBe('VITALS_W_INCOMPLETE_AGGREGATE');
  });

  it('combines rates from their parts, never by averaging the provinces\' rates', () => {
    const out = combineNation({
      element: element('ratio_of_sums'), period: '2025', disaggregation: TOTAL, provinces: PROVINCES.slice(0, 2),
      rows: [row('110000', 'ratio_of_sums', { numerator: 2, denominator: 1000, value: 0.002 }), row('130000', 'ratio_of_sums', { numerator: 30, denominator: 3000, value: 0.01 })],
    });
    // (2 + 30) / (1000 + 3000) = 32 / 4000 = 0.008 (the mean of the rates would be 0.006).
    expect(out).toMatchObject({ numerator: 32, denominator: 4000 });
    expect(out.value).toBeCloseTo(0.008, 15);
  });

  it('weights means by the summed weights', () => {
    const out = combineNation({
      element: element('population_weighted_mean'), period: '2025', disaggregation: TOTAL, provinces: PROVINCES.slice(0, 2),
      rows: [row('110000', 'population_weighted_mean', { weightedSum: 80 * 2e6, weightSum: 2e6, value: 80 }), row('130000', 'population_weighted_mean', { weightedSum: 78 * 7e6, weightSum: 7e6, value: 78 })],
    });
    // (80 × 2,000,000 + 78 × 7,000,000) / 9,000,000 = 706,000,000 / 9,000,000 = 78.444…
    expect(out.value).toBeCloseTo(706 / 9, 12);
    expect(out).toMatchObject({ weightedSum: 706e6, weightSum: 9e6 });
  });

  it('adds stocks, keeps the latest and earliest period taken and sums stale contributors', () => {
    const out = combineNation({
      element: element('last_value', 'month'), period: '2025', disaggregation: TOTAL, provinces: PROVINCES.slice(0, 2),
      rows: [row('110000', 'last_value', { value: 50, lastPeriod: '2025M12' }), row('130000', 'last_value', { value: 70, lastPeriod: '2025M12', detail: { earliestLastPeriod: '2025M10', staleContributors: 3 } })],
    });
    // 50 + 70 = 120; latest 2025M12, earliest 2025M10, 0 + 3 stale.
    expect(out).toMatchObject({ value: 120, lastPeriod: '2025M12', detail: { earliestLastPeriod: '2025M10', staleContributors: 3 } });
  });

  it('counts a missing province\'s months as expected cells (monthly element, a quarter)', () => {
    const out = combineNation({
      element: element('sum', 'month'), period: '2025Q1', disaggregation: TOTAL, provinces: PROVINCES.slice(0, 2),
      rows: [row('110000', 'sum', { period: '2025Q1', value: 9, leavesExpected: 16, leavesContributing: 16, periodsExpected: 48, periodsContributing: 40 })],
    });
    // Hebei: 167 counties × 3 months = 501 cells expected; 48 + 501 = 549, 40 contributing.
    expect(out).toMatchObject({ value: 9, periodsExpected: 549, periodsContributing: 40, leavesExpected: 183 });
  });

  it('has no value when nothing contributed, and a zero denominator gives no rate', () => {
    const none = combineNation({ element: element('sum'), period: '2025', disaggregation: TOTAL, provinces: PROVINCES.slice(0, 1), rows: [row('110000', 'sum', { value: null, leavesContributing: 0, periodsContributing: 0 })] });
    expect(none).toMatchObject({ value: null, childrenContributing: 0, reason: '无可用数据 / no contributing values' });
    const zero = combineNation({ element: element('ratio_of_sums'), period: '2025', disaggregation: TOTAL, provinces: PROVINCES.slice(0, 1), rows: [row('110000', 'ratio_of_sums', { numerator: 0, denominator: 0 })] });
    expect(zero.value).toBeNull();
  });

  it('leaves out a province not in force in the period unless it contributed', () => {
    const provinces = [province('110000', 16), province('990000', 5, { validFrom: '2030-01-01' })];
    const out = combineNation({ element: element('sum'), period: '2025', disaggregation: TOTAL, provinces, rows: [row('110000', 'sum', { value: 1 })] });
    expect(out).toMatchObject({ childrenExpected: 1, detail: null });
  });

  it('property: the nation\'s sum, leaves and cells are the provinces\' sums, whatever the grouping', () => {
    const arb = fc.array(fc.record({ value: fc.integer({ min: 0, max: 10_000 }), leaves: fc.integer({ min: 1, max: 300 }), period: fc.constantFrom('2024', '2025') }), { minLength: 1, maxLength: 30 });
    fc.assert(fc.property(arb, (specs) => {
      const provinces = specs.map((_, i) => province(String(110000 + i * 10000), 5));
      const rows = specs.map((s, i) => row(provinces[i]!.code, 'sum', { period: s.period, value: s.value, leavesExpected: s.leaves, leavesContributing: s.leaves, periodsExpected: s.leaves, periodsContributing: s.leaves }));
      for (const out of combineNationRows(element('sum'), provinces, rows)) {
        const mine = specs.filter((s) => s.period === out.period);
        expect(out.value).toBe(mine.reduce((a, s) => a + s.value, 0));
        expect(out.leavesContributing).toBe(mine.reduce((a, s) => a + s.leaves, 0));
        // Provinces without a row in this period add their 5 counties as expected, not contributing.
        expect(out.leavesExpected).toBe(out.leavesContributing + (specs.length - mine.length) * 5);
      }
    }), { seed: 6, numRuns: 100 });
  });
});
