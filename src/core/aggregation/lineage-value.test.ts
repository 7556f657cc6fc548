import { describe, expect, it } from 'vitest';
import { buildRegionTree } from '../region/index.js';
import { FIXTURE_REGIONS } from '../region/region.fixtures.js';
import { aggregateViaLineage } from './index.js';

const tree = buildRegionTree(FIXTURE_REGIONS);
// Values for the period asked about, by region.
const births = { '135001': 80, '135002': 50, '135003': 60, '135011': 25, '135012': 30, '135013': 100 };

describe('aggregateViaLineage', () => {
  it('a merged district in a year before the merger: the sum of its predecessors', () => {
    // 丁戊区 (2022-) for 2020: 丁县 + 戊县 = 50 + 60 = 110, exact.
    const agg = aggregateViaLineage(tree, '135013', '2020', births, { rule: 'sum' });
    expect(agg.value).toBe(110);
    expect(agg.completeness).toBe(1);
    expect(agg.provenance.contributors).toEqual(['135002', '135003']);
    expect(agg.provenance.params).toMatchObject({ lineage: { direction: 'backward', referenceDay: '2020-12-31', exact: true } });
  });

  it('a split county after the split: the sum of its parts', () => {
    // 甲县 (–2021-07-01) for 2023: 乙区 + 丙区 = 25 + 30 = 55.
    expect(aggregateViaLineage(tree, '135001', '2023', births, { rule: 'sum' }).value).toBe(55);
  });

  it('one part of a split has no earlier value: its predecessor was larger', () => {
    const agg = aggregateViaLineage(tree, '135011', '2020', births, { rule: 'sum' });
    expect(agg.value).toBeNull();
    expect(agg.reason).toMatch(/split or partial transfer/);
  });

  it('a region that existed uses its own value', () => {
    expect(aggregateViaLineage(tree, '135013', '2023', births, { rule: 'sum' }).value).toBe(100);
  });

  it('rates recombine from numerators and denominators', () => {
    // (1 + 3) / (100 + 100) × 1000 = 20 ‰.
    const rates = { '135002': { numerator: 1, denominator: 100 }, '135003': { numerator: 3, denominator: 100 } };
    expect(aggregateViaLineage(tree, '135013', '2021', rates, { rule: 'ratio_of_sums', factor: 1000 }).value).toBeCloseTo(20, 12);
  });

  it('a missing predecessor makes the value partial and says so', () => {
    const agg = aggregateViaLineage(tree, '135013', '2020', { '135002': 50 }, { rule: 'sum' });
    expect(agg).toMatchObject({ value: 50, completeness: 0.5 });
    expect(agg.provenance.missing).toEqual(['135003']);
    expect(agg.warnings.map((w) => w.code)).toEqual(['VITALS_W_INCOMPLETE_AGGREGATE']);
  });

  it('survey estimates are never recombined', () => {
    const agg = aggregateViaLineage(tree, '135013', '2020', births, { rule: 'not_aggregatable' });
    expect(agg.value).toBeNull();
    expect(agg.reason).toMatch(/survey estimate/);
  });
});
