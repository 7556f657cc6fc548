import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import {
  comparePeriods,
  containingPeriod,
  formatPeriod,
  makePeriod,
  normalizePeriodCode,
  parsePeriod,
  periodContains,
  periodEnd,
  periodRange,
  periodStart,
  periodType,
  periodsWithin,
  samePeriodLastYear,
  shiftPeriod,
  yearFraction,
} from './index.js';

const p = parsePeriod;
const codes = (ps: { code: string }[]) => ps.map((x) => x.code);

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VitalsError);
    expect((e as VitalsError).code).toBe('VITALS_E_INVALID_PERIOD');
    return;
  }
  throw new Error('expected VITALS_E_INVALID_PERIOD');
}

describe('parsePeriod', () => {
  it.each([
    ['2025', 'year', 2025, 1],
    ['2025H1', 'half_year', 2025, 1],
    ['2025H2', 'half_year', 2025, 2],
    ['2025Q3', 'quarter', 2025, 3],
    ['2025M07', 'month', 2025, 7],
    ['2025M12', 'month', 2025, 12],
  ])('%s → %s %d/%d', (code, type, year, index) => {
    expect(p(code)).toEqual({ code, type, year, index });
    expect(formatPeriod(p(code))).toBe(code);
    expect(periodType(code)).toBe(type);
  });

  it.each(['2025M7', '2025M13', '2025M00', '2025Q5', '2025Q0', '2025H3', '2025-07', ' 2025', '25', '20250', '0225', 'abcd', ''])(
    'rejects %j',
    (code) => expectInvalid(() => p(code)),
  );

  it('names the bad value in the message', () => {
    expect(() => p('2025Q5')).toThrow(/2025Q5/);
  });
});

describe('normalizePeriodCode', () => {
  it.each([
    ['2025', '2025'],
    ['2025年', '2025'],
    ['2025年度', '2025'],
    ['2025-07', '2025M07'],
    ['2025-7', '2025M07'],
    ['2025/07', '2025M07'],
    ['2025.7', '2025M07'],
    ['202507', '2025M07'],
    ['2025M7', '2025M07'],
    ['2025m07', '2025M07'],
    ['2025年7月', '2025M07'],
    ['2025年07月', '2025M07'],
    ['2025年十二月', '2025M12'],
    ['2025年七月份', '2025M07'],
    ['2025Q3', '2025Q3'],
    ['2025q3', '2025Q3'],
    ['2025-Q3', '2025Q3'],
    ['Q3 2025', '2025Q3'],
    ['2025年第3季度', '2025Q3'],
    ['2025年第三季度', '2025Q3'],
    ['2025年三季度', '2025Q3'],
    ['2025年上半年', '2025H1'],
    ['2025年下半年', '2025H2'],
    ['2025H2', '2025H2'],
    ['2025S1', '2025H1'], // DHIS2 six-monthly
    ['2025年1-6月', '2025H1'], // 6 months starting in January = H1
    ['2025年4—6月', '2025Q2'], // months 4..6 = Q2
    ['2025年1-12月', '2025'],
    ['２０２５年第３季度', '2025Q3'], // full-width digits
    ['２０２５－０７', '2025M07'], // full-width hyphen
    ['  2025Q3\u3000', '2025Q3'], // ideographic space
  ])('%j → %s', (input, expected) => {
    expect(normalizePeriodCode(input)).toBe(expected);
  });

  it.each(['2025-13', '20257', '2025年13月', '2025年1-9月', '2025年2-4月', '2025Q5', '2025-07-15', 'Q3', '上半年', 'x'])(
    'rejects %j',
    (input) => expectInvalid(() => normalizePeriodCode(input)),
  );

  it('keeps the original input in the error', () => {
    expect(() => normalizePeriodCode('2025年13月')).toThrow(/2025年13月/);
  });
});

describe('calendar', () => {
  it.each([
    ['2025', '2025-01-01', '2026-01-01'],
    ['2025H2', '2025-07-01', '2026-01-01'],
    ['2025Q3', '2025-07-01', '2025-10-01'],
    ['2025M02', '2025-02-01', '2025-03-01'],
    ['2025M12', '2025-12-01', '2026-01-01'],
  ])('%s spans [%s, %s)', (code, start, end) => {
    expect(periodStart(p(code))).toBe(start);
    expect(periodEnd(p(code))).toBe(end);
  });

  it('orders by start, coarser first', () => {
    const sorted = ['2025M01', '2024Q4', '2025Q1', '2025', '2025H1', '2024'].map(p).sort(comparePeriods);
    expect(codes(sorted)).toEqual(['2024', '2024Q4', '2025', '2025H1', '2025Q1', '2025M01']);
  });

  it.each([
    ['2025', '2025M07', true],
    ['2025H2', '2025Q3', true],
    ['2025H1', '2025Q3', false],
    ['2025Q3', '2025H2', false],
    ['2025Q3', '2025Q3', true],
    ['2024', '2025M01', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(periodContains(p(outer), p(inner))).toBe(expected);
  });

  it('splits into finer periods', () => {
    expect(codes(periodsWithin(p('2025'), 'quarter'))).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(codes(periodsWithin(p('2025H2'), 'month'))).toEqual(['2025M07', '2025M08', '2025M09', '2025M10', '2025M11', '2025M12']);
    expect(codes(periodsWithin(p('2025Q2'), 'quarter'))).toEqual(['2025Q2']);
    expectInvalid(() => periodsWithin(p('2025Q2'), 'year'));
  });

  it.each([
    ['2025M07', 'quarter', '2025Q3'],
    ['2025M07', 'half_year', '2025H2'],
    ['2025M06', 'half_year', '2025H1'],
    ['2025Q4', 'year', '2025'],
    ['2025Q2', 'quarter', '2025Q2'],
  ] as const)('%s lies in %s %s', (code, type, expected) => {
    expect(containingPeriod(p(code), type).code).toBe(expected);
  });

  it('refuses a finer containing type', () => {
    expectInvalid(() => containingPeriod(p('2025Q2'), 'month'));
  });

  it.each([
    ['2025Q4', 1, '2026Q1'],
    ['2025M01', -1, '2024M12'],
    ['2025M07', 18, '2027M01'], // 2025M07 + 18 months = 2026M07 + 6 = 2027M01
    ['2025H1', -3, '2023H2'], // H1 → 2024H2 → 2024H1 → 2023H2
    ['2025', 5, '2030'],
    ['2025Q2', 0, '2025Q2'],
  ])('shift %s by %d → %s', (code, n, expected) => {
    expect(shiftPeriod(p(code), n).code).toBe(expected);
  });

  it('refuses to leave the supported years or to shift by a fraction', () => {
    expectInvalid(() => shiftPeriod(p('2999M12'), 1));
    expectInvalid(() => shiftPeriod(p('2025'), 0.5));
  });

  it('lists ranges inclusively', () => {
    expect(codes(periodRange(p('2024Q3'), p('2025Q2')))).toEqual(['2024Q3', '2024Q4', '2025Q1', '2025Q2']);
    expect(periodRange(p('2025'), p('2024'))).toEqual([]);
    expectInvalid(() => periodRange(p('2025'), p('2025Q1')));
  });

  it('finds the same period last year', () => {
    expect(samePeriodLastYear(p('2025M02')).code).toBe('2024M02');
    expect(samePeriodLastYear(p('2025H2')).code).toBe('2024H2');
  });

  it.each([
    ['2025', 1], // 12/12
    ['2025H1', 0.5], // 6/12
    ['2025Q3', 0.75], // 9/12
    ['2025M02', 2 / 12],
    ['2025M12', 1],
  ])('yearFraction(%s) = %d', (code, expected) => {
    expect(yearFraction(p(code))).toBeCloseTo(expected, 12);
  });

  it('validates makePeriod parts', () => {
    expect(makePeriod('month', 2025, 7).code).toBe('2025M07');
    expectInvalid(() => makePeriod('quarter', 2025, 5));
    expectInvalid(() => makePeriod('year', 1899));
  });
});
