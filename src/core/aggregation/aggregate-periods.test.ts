import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { aggregatePeriods, type Aggregate } from './index.js';

function inputError(fn: () => unknown): VitalsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VitalsError);
    return e as VitalsError;
  }
  throw new Error('expected a VitalsError');
}

const codes = (a: Aggregate) => a.warnings.map((w) => w.code);

describe('aggregatePeriods: sum', () => {
  it('adds the months present and says how many were missing', () => {
    // Q1 = 3 + 4 = 7 from 2 of 3 months: completeness 2/3 ≈ 0.667 < 0.9.
    const q1 = aggregatePeriods({ '2025M01': 3, '2025M02': 4 }, '2025Q1', 'sum');
    expect(q1.value).toBe(7);
    expect(q1.periods).toEqual({ expected: 3, contributing: 2 });
    expect(q1.completeness).toBeCloseTo(2 / 3, 12);
    expect(q1.provenance).toMatchObject({ method: 'aggregation/sum', methodVersion: '1.0.0', contributors: ['2025M01', '2025M02'], missing: ['2025M03'] });
    expect(q1.warnings).toEqual([
      { code: 'VITALS_W_INCOMPLETE_AGGREGATE', message: '由 2/3 个月汇总（完整度 66.7%） / built from 2 of 3 months (completeness 66.7%)' },
    ]);
  });

  it('ignores values outside the target, so a whole series can be passed', () => {
    // Only 2025M01..M03 count: 1 + 2 + 3 = 6, complete.
    const q1 = aggregatePeriods(new Map([['2024M12', 100], ['2025M01', 1], ['2025M02', 2], ['2025M03', 3], ['2025M04', 100]]), '2025Q1', 'sum');
    expect(q1.value).toBe(6);
    expect(q1.completeness).toBe(1);
    expect(q1.warnings).toEqual([]);
  });

  it('has no figure when nothing was reported (a sum of nothing is unknown, not 0)', () => {
    const empty = aggregatePeriods({}, '2025', 'sum', { finePeriodType: 'month' });
    expect(empty.value).toBeNull();
    expect(empty.periods).toEqual({ expected: 12, contributing: 0 });
    expect(empty.completeness).toBe(0);
    expect(empty.reason).toMatch(/no contributing values/);
  });

  it('honours a configurable threshold', () => {
    // 11 of 12 months = 0.9167: warns at 0.95, not at the default 0.9.
    const months = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`2025M${String(i + 1).padStart(2, '0')}`, 1]));
    expect(codes(aggregatePeriods(months, '2025', 'sum'))).toEqual([]);
    expect(codes(aggregatePeriods(months, '2025', 'sum', { completenessThreshold: 0.95 }))).toEqual(['VITALS_W_INCOMPLETE_AGGREGATE']);
  });

  it('expects only the months in which the region existed', () => {
    // A district created 2025-02-15 is expected for February (partly) and March: 2 months.
    const q1 = aggregatePeriods({ '2025M02': 5, '2025M03': 7 }, '2025Q1', 'sum', { validFrom: '2025-02-15' });
    expect(q1.value).toBe(12);
    expect(q1.periods).toEqual({ expected: 2, contributing: 2 });
    expect(q1.completeness).toBe(1);
  });
});

describe('aggregatePeriods: other rules', () => {
  it('ratio_of_sums adds numerators and denominators first', () => {
    // (2 + 6 + 1) / (100 + 200 + 100) × 1000 = 9 / 400 × 1000 = 22.5 ‰
    // (the mean of the monthly rates would be (20 + 30 + 10) / 3 = 20 ‰).
    const year = aggregatePeriods(
      { '2025Q1': { numerator: 2, denominator: 100 }, '2025Q2': { numerator: 6, denominator: 200 }, '2025Q3': { numerator: 1, denominator: 100 } },
      '2025',
      'ratio_of_sums',
      { factor: 1000, finePeriodType: 'quarter' },
    );
    expect(year.value).toBeCloseTo(22.5, 12);
    expect(year).toMatchObject({ numerator: 9, denominator: 400, periods: { expected: 4, contributing: 3 } });
    expect(year.provenance.params).toMatchObject({ factor: 1000 });
  });

  it('ratio_of_sums with zero denominators has no value and says why', () => {
    const q = aggregatePeriods({ '2025M01': { numerator: 0, denominator: 0 } }, '2025M01', 'ratio_of_sums');
    expect(q.value).toBeNull();
    expect(q.reason).toMatch(/the denominators sum to 0/);
  });

  it('population_weighted_mean weighs each period', () => {
    // (10 × 1 + 20 × 3) / (1 + 3) = 70 / 4 = 17.5; without weights (10 + 20) / 2 = 15.
    expect(aggregatePeriods({ '2025H1': 10, '2025H2': 20 }, '2025', 'population_weighted_mean', { weights: { '2025H1': 1, '2025H2': 3 } }).value).toBe(17.5);
    expect(aggregatePeriods({ '2025H1': 10, '2025H2': 20 }, '2025', 'population_weighted_mean').value).toBe(15);
  });

  it('population_weighted_mean excludes a period without weight', () => {
    // Only H1 has a weight: 10 × 2 / 2 = 10.
    const year = aggregatePeriods({ '2025H1': 10, '2025H2': 20 }, '2025', 'population_weighted_mean', { weights: { '2025H1': 2 } });
    expect(year.value).toBe(10);
    expect(year.provenance.excluded).toEqual([{ code: '2025H2', reason: 'missing_weight' }]);
    expect(year.periods).toEqual({ expected: 2, contributing: 1 });
  });

  it('last_value takes the latest month and records which one', () => {
    const q4 = aggregatePeriods({ '2025M10': 480, '2025M11': 500 }, '2025Q4', 'last_value');
    expect(q4.value).toBe(500);
    expect(q4.lastPeriod).toBe('2025M11');
    expect(q4.staleContributors).toBe(1);
    expect(q4.provenance.contributors).toEqual(['2025M11']);
    expect(q4.provenance.missing).toEqual(['2025M12']);
    // One observation is all a stock needs: complete, but stale.
    expect(q4.completeness).toBe(1);
    expect(q4.warnings).toEqual([{ code: 'VITALS_W_STALE_DATA', message: '取自 2025M11，而非期末 2025M12 / taken from 2025M11, not the final 2025M12' }]);

    const fresh = aggregatePeriods({ '2025M10': 480, '2025M12': 510 }, '2025Q4', 'last_value');
    expect(fresh).toMatchObject({ value: 510, lastPeriod: '2025M12', staleContributors: 0, warnings: [] });
  });

  it('not_aggregatable passes a value for the target through and refuses anything finer', () => {
    const same = aggregatePeriods({ '2025': 0.293 }, '2025', 'not_aggregatable');
    expect(same.value).toBe(0.293);
    const finer = aggregatePeriods({ '2025H1': 0.29, '2025H2': 0.3 }, '2025', 'not_aggregatable');
    expect(finer.value).toBeNull();
    expect(finer.reason).toMatch(/survey estimate/);
    expect(finer.warnings).toEqual([]);
  });
});

describe('aggregatePeriods: bad input', () => {
  it('lists every bad value at once', () => {
    const error = inputError(() =>
      aggregatePeriods({ '2025M13': 1, '2025M01': Number.NaN, '2025M02': { numerator: 1, denominator: 2 } as never, '2025M03': 3 }, '2025Q1', 'sum'),
    );
    expect(error.code).toBe('VITALS_E_INVALID_INPUT');
    const problems = (error.details as { path: string[]; message: string }[]).map((x) => `${x.path.join(' ')}: ${x.message}`);
    expect(problems).toEqual([
      'values: "2025M13" is not a period code',
      'values 2025M01: value NaN is not a finite number',
      'values 2025M02: { numerator, denominator } only fits ratio_of_sums, not sum',
    ]);
  });

  it('refuses finished rates for ratio_of_sums', () => {
    expect(inputError(() => aggregatePeriods({ '2025M01': 12.5 }, '2025Q1', 'ratio_of_sums')).message).toMatch(/rates are never averaged/);
  });

  it('refuses mixed period types and values from before the region existed', () => {
    expect(inputError(() => aggregatePeriods({ '2025M01': 1, '2025Q1': 3 }, '2025', 'sum')).message).toMatch(/mixed period types inside 2025/);
    expect(inputError(() => aggregatePeriods({ '2025M01': 1 }, '2025Q1', 'sum', { validFrom: '2025-02-01', regionCode: '135011' })).message).toMatch(
      /135011.*2025M01 has a value but the region did not exist then/,
    );
  });

  it('refuses unknown rules and bad options', () => {
    expect(inputError(() => aggregatePeriods({}, '2025', 'average' as never)).code).toBe('VITALS_E_UNKNOWN_METHOD');
    expect(inputError(() => aggregatePeriods({}, '2025', 'sum', { completenessThreshold: 1.5 })).code).toBe('VITALS_E_INVALID_CONFIG');
    expect(inputError(() => aggregatePeriods({}, '2025Q1', 'sum', { finePeriodType: 'year' })).code).toBe('VITALS_E_INVALID_CONFIG');
    expect(inputError(() => aggregatePeriods({}, '2025Q5', 'sum')).code).toBe('VITALS_E_INVALID_PERIOD');
  });
});
