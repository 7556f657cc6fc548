import { describe, expect, it } from 'vitest';
import { compileIndicators, type DataElement, type IndicatorDefinition } from '../../core/indicator/index.js';
import type { AggregateFigure, FinalValue } from '../../storage/repositories/aggregate.repository.js';
import { ValueStore, type ValueScope } from './values.js';

const element = (code: string): DataElement => ({ code, name: { zh: code }, unit: '人', aggregation: 'sum', periodType: 'year' });
const IMR: IndicatorDefinition = {
  code: 'IMR', name: { zh: '婴儿死亡率' }, unit: '‰', polarity: 'lower_is_better', periodType: 'year', aggregation: 'ratio_of_sums',
  numerator: 'DEATHS', denominator: 'BIRTHS', factor: 1000,
};
const { compiled } = compileIndicators([element('DEATHS'), element('BIRTHS'), element('IMR_VALUE')], [IMR]);
const ids = new Map([[1, 'DEATHS'], [2, 'BIRTHS'], [3, 'IMR_VALUE']]);

const TOTAL = { sex: 'total', ageGroup: 'total', area: 'total' };
function aggregate(id: number, region: string, period: string, value: number, completeness = 1): AggregateFigure {
  return {
    dataElementId: id, region, period, ...TOTAL, value, numerator: null, denominator: null, weightedSum: null, weightSum: null, lastPeriod: null,
    leavesExpected: 5, leavesContributing: Math.round(5 * completeness), periodsExpected: 1, periodsContributing: 1, completeness,
  };
}
const own = (id: number, region: string, period: string, value: number | null): FinalValue => ({ dataElementId: id, region, period, ...TOTAL, value });

// The province 130000 (own reported IMR in 2025) and the county 130102, years 2024–2025.
const store = new ValueStore(compiled, ids, [
  aggregate(1, '130000', '2024', 30), aggregate(2, '130000', '2024', 5000),
  aggregate(1, '130000', '2025', 22), aggregate(2, '130000', '2025', 5000, 0.8),
  aggregate(1, '130102', '2025', 4), aggregate(2, '130102', '2025', 1000),
], [own(3, '130000', '2025', 4.1)]);

const scope = (periods: string[], aggregateRegions: string[], ownRegions: string[]): ValueScope => ({ periods: new Set(periods), aggregateRegions: new Set(aggregateRegions), ownRegions: new Set(ownRegions) });

describe('value views', () => {
  // Each row: what the view may read → IMR of a region and period (value, status).
  const cases: [string, ValueScope | undefined, string, string, number | null, string][] = [
    // Own reported value first: 4.1 (not the aggregate 22/5000×1000 = 4.4).
    ['everything', undefined, '130000', '2025', 4.1, 'reported'],
    // Without the province's own values: 22/5000×1000 = 4.4 from aggregates with completeness 0.8 < 0.9.
    ['aggregates only', scope(['2025'], ['130000'], []), '130000', '2025', 4.4, 'incomplete'],
    // 30/5000×1000 = 6.0, complete.
    ['an earlier year', scope(['2024', '2025'], ['130000'], ['130000']), '130000', '2024', 6, 'complete'],
    ['a period the run does not read', scope(['2025'], ['130000'], ['130000']), '130000', '2024', null, 'missing'],
    ['a region the run does not read', scope(['2025'], ['130000'], ['130000']), '130102', '2025', null, 'missing'],
    // 4/1000×1000 = 4.0.
    ['a county', scope(['2025'], ['130102'], []), '130102', '2025', 4, 'complete'],
  ];
  it.each(cases)('%s', (_label, s, region, period, value, status) => {
    const reading = store.view(s).indicator('IMR', region, period);
    if (value === null) expect(reading.value).toBeNull();
    else expect(reading.value).toBeCloseTo(value, 10);
    expect(reading.status).toBe(status);
  });

  it('gives two views of the same inputs the same reading, and separate views different ones', () => {
    const a = store.view(scope(['2024', '2025'], ['130000'], [])).indicator('IMR', '130000', '2025');
    const b = store.view(scope(['2025'], ['130000'], [])).indicator('IMR', '130000', '2025');
    expect(a).toBe(b);
    expect(store.view(scope(['2025'], ['130000'], ['130000'])).indicator('IMR', '130000', '2025')).not.toBe(a);
  });

  it('reads series within the view: 2024 = 30/5000×1000 = 6.0, 2025 = 22/5000×1000 = 4.4', () => {
    const view = store.view(scope(['2024', '2025'], ['130000'], []));
    expect(view.annualSeries('IMR', '130000', 2020, 2025)).toEqual([{ year: 2024, value: 6 }, { year: 2025, value: 4.4 }]);
    expect(view.timeSeries('IMR', '130000', 2020, 2025)).toEqual([{ t: 2024, value: 6 }, { t: 2025, value: 4.4 }]);
    expect(store.view(scope(['2025'], ['130000'], [])).annualSeries('IMR', '130000', 2020, 2025)).toEqual([{ year: 2025, value: 4.4 }]);
  });

  it('answers series of one store across views and ranges: the same question the same array, each range its own points', () => {
    // 2024: 30/5000×1000 = 6.0; 2025: 22/5000×1000 = 4.4 (aggregates only, as the scope says).
    const view = store.view(scope(['2023', '2024', '2025'], ['130000'], []));
    const first = view.annualSeries('IMR', '130000', 2020, 2025);
    expect(view.annualSeries('IMR', '130000', 2020, 2025)).toBe(first);
    // Another view of the same years and regions (the next year of a runYears request) shares it.
    expect(store.view(scope(['2023', '2024', '2025'], ['130000'], [])).annualSeries('IMR', '130000', 2020, 2025)).toBe(first);
    expect(view.annualSeries('IMR', '130000', 2020, 2024)).toEqual([{ year: 2024, value: 6 }]);
    expect(view.annualSeries('IMR', '130000', 2025, 2025)).toEqual([{ year: 2025, value: 4.4 }]);
    expect(view.annualSeries('IMR', '130000', 2019, 2023)).toEqual([]);
    expect(view.timeSeries('IMR', '130000', 2024, 2025)).toEqual([{ t: 2024, value: 6 }, { t: 2025, value: 4.4 }]);
    // A view whose years have a gap (2024 not read) leaves the unread year out.
    expect(store.view(scope(['2023', '2025'], ['130000'], [])).annualSeries('IMR', '130000', 2020, 2025)).toEqual([{ year: 2025, value: 4.4 }]);
  });

  it('hashes only the values a view reads', () => {
    const lines = store.view(scope(['2025'], ['130102'], ['130000'])).hashLines();
    expect([...lines].sort()).toEqual([
      'A|BIRTHS|130102|2025|total|total|total|1000||||||5|5|1|1',
      'A|DEATHS|130102|2025|total|total|total|4||||||5|5|1|1',
      'V|IMR_VALUE|130000|2025|total|total|total|4.1',
    ]);
    expect(store.view().hashLines()).toHaveLength(7);
  });
});
