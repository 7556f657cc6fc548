import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../core/diagnostics.js';
import { compileIndicators, type DataElement, type IndicatorDefinition } from '../../core/indicator/index.js';
import type { AggregateFigure, FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { ValueBook } from '../evaluation/values.js';
import { SyntheticMarks, type Catalogue, type LoadedBook } from './book.js';
import { indicatorRows, presentKeys } from './indicator-values.js';

const element = (id: number, code: string, extra: Partial<DataElement> = {}) => ({ id, code, name: { zh: code }, unit: '人', aggregation: 'sum' as const, periodType: 'year' as const, ...extra });
const ELEMENTS = [element(1, 'DEATHS'), element(2, 'BIRTHS'), element(3, 'BEDS', { aggregation: 'last_value' }), element(4, 'POP', { aggregation: 'last_value' })];
const INDICATORS: IndicatorDefinition[] = [
  { code: 'IMR', name: { zh: '婴儿死亡率' }, unit: '‰', polarity: 'lower_is_better', periodType: 'year', aggregation: 'ratio_of_sums', numerator: 'DEATHS', denominator: 'BIRTHS', factor: 1000 },
  { code: 'BEDS_PER_1000', name: { zh: '床位' }, unit: '张', polarity: 'higher_is_better', periodType: 'year', aggregation: 'sum', formula: 'BEDS / POP * 1000' },
];

function catalogue(): Catalogue {
  const { compiled } = compileIndicators(ELEMENTS, INDICATORS, new Diagnostics(['test']));
  return {
    elements: new Map(ELEMENTS.map((e) => [e.code, e])) as Catalogue['elements'],
    elementById: new Map(ELEMENTS.map((e) => [e.id, e])) as Catalogue['elementById'],
    indicators: new Map(INDICATORS.map((i) => [i.code, i])) as unknown as Catalogue['indicators'],
    compiled,
  };
}

function figure(dataElementId: number, region: string, period: string, value: number | null, contributing = 1, expected = 1): AggregateFigure {
  return {
    dataElementId, region, period, sex: 'total', ageGroup: 'total', area: 'total', value, numerator: null, denominator: null, weightedSum: null, weightSum: null,
    lastPeriod: null, leavesExpected: expected, leavesContributing: contributing, periodsExpected: 1, periodsContributing: contributing ? 1 : 0, completeness: contributing / expected,
  };
}

function book(aggregates: AggregateFigure[], own: FinalValue[] = [], synthetic = new SyntheticMarks()): LoadedBook {
  const c = catalogue();
  return { book: ValueBook.of(c.compiled, new Map(ELEMENTS.map((e) => [e.id, e.code])), aggregates, own), aggregates, own, synthetic };
}

describe('indicator rows', () => {
  it('forms a ratio from the aggregated numerator and denominator, keeping both', () => {
    // 12 deaths / 3000 births × 1000 = 4.0‰, from 3 of 3 counties.
    const loaded = book([figure(1, '130100', '2025', 12, 3, 3), figure(2, '130100', '2025', 3000, 3, 3)]);
    const rows = indicatorRows(catalogue(), loaded, '130000', 'IMR', [{ region: '130100', period: '2025' }]);
    expect(rows).toEqual([expect.objectContaining({ indicator: 'IMR', region: '130100', period: '2025', periodType: 'year', value: 4, numerator: 12, denominator: 3000, status: 'complete', quality: 'final', completeness: 1, inputs: null })]);
  });

  it('marks an incomplete aggregate, keeps a no-value row where something contributed, and leaves out what nothing reached', () => {
    // 2 of 3 counties: completeness 2/3 < 0.9 → incomplete.
    const loaded = book([
      figure(1, '130100', '2025', 8, 2, 3), figure(2, '130100', '2025', 2000, 2, 3),
      // A zero denominator: inputs exist, no value follows.
      figure(1, '130200', '2025', 1, 1, 1), figure(2, '130200', '2025', 0, 1, 1),
      // Nothing contributed to 130300: aggregate rows of a region none of whose leaves reported.
      figure(1, '130300', '2025', null, 0, 2), figure(2, '130300', '2025', null, 0, 2),
    ]);
    const keys = ['130100', '130200', '130300'].map((region) => ({ region, period: '2025' }));
    const rows = indicatorRows(catalogue(), loaded, '130000', 'IMR', keys);
    expect(rows.map((r) => [r.region, r.value, r.status])).toEqual([['130100', 4, 'incomplete'], ['130200', null, 'missing']]);
    expect(rows[0]!.completeness).toBeCloseTo(2 / 3, 12);
  });

  it('prefers a region\'s own final figure, and records formula inputs', () => {
    // Aggregate beds 900, own province figure 1000: own wins → 1000 / 200,000 × 1000 = 5.
    const own: FinalValue[] = [{ dataElementId: 3, region: '130000', period: '2025', sex: 'total', ageGroup: 'total', area: 'total', value: 1000 }];
    const loaded = book([figure(3, '130000', '2025', 900), figure(4, '130000', '2025', 200_000)], own);
    const [row] = indicatorRows(catalogue(), loaded, '130000', 'BEDS_PER_1000', [{ region: '130000', period: '2025' }]);
    expect(row).toMatchObject({ value: 5, numerator: null, denominator: null, status: 'complete' });
    expect(row!.inputs).toMatchObject({ BEDS: { value: 1000, source: 'reported' }, POP: { value: 200_000, source: 'aggregate' } });
  });

  it('labels a figure synthetic exactly when a value it used rests on generated data', () => {
    const marks = new SyntheticMarks();
    marks.add(1, '130100', '2025'); // a county's synthetic deaths rolled up into 石家庄's aggregate
    const loaded = book([figure(1, '130100', '2025', 12), figure(2, '130100', '2025', 3000), figure(1, '130200', '2025', 5), figure(2, '130200', '2025', 1000)], [], marks);
    const rows = indicatorRows(catalogue(), loaded, '130000', 'IMR', [{ region: '130100', period: '2025' }, { region: '130200', period: '2025' }]);
    expect(rows.map((r) => [r.region, r.quality])).toEqual([['130100', 'synthetic'], ['130200', 'final']]);
  });

  it('property: the keys present are exactly the region × period pairs holding a figure of the elements', () => {
    const cell = fc.record({ element: fc.constantFrom(1, 2, 3), region: fc.constantFrom('130100', '130200'), period: fc.constantFrom('2024', '2025') });
    fc.assert(fc.property(fc.array(cell, { maxLength: 8 }), (cells) => {
      const loaded = book(cells.map((c) => figure(c.element, c.region, c.period, 1)));
      const keys = [...presentKeys(loaded, new Set([1, 2])).keys()].sort();
      expect(keys).toEqual([...new Set(cells.filter((c) => c.element !== 3).map((c) => `${c.region}|${c.period}`))].sort());
    }));
  });
});
