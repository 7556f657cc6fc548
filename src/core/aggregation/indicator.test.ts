import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { buildRegionTree } from '../region/index.js';
import { FIXTURE_REGIONS } from '../region/region.fixtures.js';
import { aggregateIndicator, aggregatePeriods, rollUpIndicator, rollUpTree } from './index.js';

const tree = buildRegionTree(FIXTURE_REGIONS);
const sumOf = (values: Record<string, number>) => rollUpTree(tree, values, { rule: 'sum', period: '2025', root: '130100' });

describe('rollUpIndicator / aggregateIndicator', () => {
  it('forms the rate from element aggregates: Σ deaths / Σ births × 1000', () => {
    // Infant mortality: (3 + 5) / (400 + 600) × 1000 = 8 ‰.
    const imr = rollUpIndicator(sumOf({ '130102': 3, '130104': 5 }), sumOf({ '130102': 400, '130104': 600 }), { code: 'IMR', factor: 1000 });
    const sjz = imr.get('130100')!;
    expect(sjz.value).toBeCloseTo(8, 12);
    expect(sjz).toMatchObject({ rule: 'ratio_of_sums', numerator: 8, denominator: 1000, leaves: { expected: 5, contributing: 2 } });
    expect(sjz.completeness).toBeCloseTo(2 / 5, 12);
    expect(sjz.provenance.method).toBe('aggregation/indicator_ratio');
    expect(sjz.provenance.params).toMatchObject({ factor: 1000, indicator: 'IMR', numerator: { method: 'aggregation/sum' } });
    // Per county too: 3 / 400 × 1000 = 7.5 ‰.
    expect(imr.get('130102')!.value).toBeCloseTo(7.5, 12);
  });

  it('warns when numerator and denominator come from different regions', () => {
    // Deaths only from 长安区, births from both: 3 / 1000 × 1000 = 3 ‰ mixes coverage.
    // (A paired ratio_of_sums roll-up uses only 长安区: 3 / 400 × 1000 = 7.5 ‰.)
    const mixed = rollUpIndicator(sumOf({ '130102': 3 }), sumOf({ '130102': 400, '130104': 600 }), 1000).get('130100')!;
    expect(mixed.value).toBeCloseTo(3, 12);
    expect(mixed.warnings.map((w) => w.message)).toContain(
      '分子来自 1 个、分母来自 2 个末级单位，覆盖范围不一致 / numerator from 1 leaves, denominator from 2: the rate mixes different coverage',
    );
    const paired = rollUpTree(tree, { '130102': { numerator: 3, denominator: 400 } }, { rule: 'ratio_of_sums', period: '2025', root: '130100', factor: 1000 });
    expect(paired.get('130100')!.value).toBeCloseTo(7.5, 12);
  });

  it('has no value when either part has none, and says which', () => {
    const none = aggregatePeriods({}, '2025', 'sum', { regionCode: '130102' });
    const births = aggregatePeriods({ '2025': 400 }, '2025', 'sum', { regionCode: '130102' });
    const rate = aggregateIndicator(none, births, 1000);
    expect(rate.value).toBeNull();
    expect(rate.reason).toMatch(/the numerator has no value/);
    expect(aggregateIndicator(births, aggregatePeriods({ '2025': 0 }, '2025', 'sum', { regionCode: '130102' }), 1000).reason).toMatch(/denominators sum to 0/);
  });

  it('refuses parts for different regions or periods', () => {
    const a = aggregatePeriods({ '2025': 1 }, '2025', 'sum', { regionCode: '130102' });
    const b = aggregatePeriods({ '2024': 1 }, '2024', 'sum', { regionCode: '130102' });
    expect(() => aggregateIndicator(a, b)).toThrow(VitalsError);
    expect(() => aggregateIndicator(a, b)).toThrow(/differ/);
  });
});
