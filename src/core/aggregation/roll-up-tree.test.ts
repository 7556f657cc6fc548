import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { buildRegionTree } from '../region/index.js';
import { FIXTURE_REGIONS } from '../region/region.fixtures.js';
import { aggregatePeriods, rollUpTree, type Aggregate } from './index.js';

const tree = buildRegionTree(FIXTURE_REGIONS);
const SJZ = { '130102': 120, '130104': 80, '130107': 15, '130121': 35 }; // 石家庄: 130123 missing, 130171 (开发区) silent

function failure(fn: () => unknown): VitalsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VitalsError);
    return e as VitalsError;
  }
  throw new Error('expected a VitalsError');
}

describe('rollUpTree: sum and completeness', () => {
  const out = rollUpTree(tree, SJZ, { rule: 'sum', period: '2025', root: '130000' });
  const sjz = out.get('130100')!;

  it('sums the counties of 石家庄 and names the missing one', () => {
    // 120 + 80 + 15 + 35 = 250. Expected: 5 counties (the statistical-only 130171 did not report, so it is not expected).
    expect(sjz.value).toBe(250);
    expect(sjz.children).toEqual({ expected: 5, contributing: 4 });
    expect(sjz.leaves).toEqual({ expected: 5, contributing: 4 });
    expect(sjz.completeness).toBe(0.8);
    expect(sjz.provenance).toMatchObject({ contributors: ['130102', '130104', '130107', '130121'], missing: ['130123'], contributorCount: 4, missingCount: 1 });
    expect(sjz.warnings).toEqual([
      { code: 'VITALS_W_INCOMPLETE_AGGREGATE', message: '由 4/5 个县（市、区）汇总（完整度 80%） / built from 4 of 5 counties (completeness 80%)' },
    ]);
  });

  it('the province says it was built from a minority of counties', () => {
    // Counties in force at the end of 2025: 石家庄 5 (+130171 optional), 张家口 1 (130703), 沧州 1 (130930),
    // 示例市 6 (135004, 135011, 135012, 135013, 135014, 135015) → 13 expected, 4 reported: 4/13 = 30.8 %.
    const hebei = out.get('130000')!;
    expect(hebei.value).toBe(250);
    expect(hebei.leaves).toEqual({ expected: 13, contributing: 4 });
    expect(hebei.children).toEqual({ expected: 4, contributing: 1 });
    expect(hebei.completeness).toBeCloseTo(4 / 13, 12);
    expect(hebei.warnings[0]!.message).toContain('built from 4 of 13 counties (completeness 30.8%)');
    expect(hebei.provenance.missing).toEqual(['130700', '130900', '135000']);
  });

  it('returns leaves too, parents first, and nothing outside the root', () => {
    expect([...out.keys()].slice(0, 3)).toEqual(['130000', '130100', '130102']);
    expect(out.get('130102')).toMatchObject({ value: 120, completeness: 1, leaves: { expected: 1, contributing: 1 }, warnings: [] });
    expect(out.get('130123')).toMatchObject({ value: null, completeness: 0, warnings: [] });
    expect(out.has('000000')).toBe(false);
    expect(out.has('130102001')).toBe(false); // townships lie below the leaf level
  });

  it('a reporting statistical-only division adds to value and expectation', () => {
    // 250 + 10 = 260 from 5 of 6 counties.
    const withZone = rollUpTree(tree, { ...SJZ, '130171': 10 }, { rule: 'sum', period: '2025', root: '130100' }).get('130100')!;
    expect(withZone.value).toBe(260);
    expect(withZone.leaves).toEqual({ expected: 6, contributing: 5 });
    // Expected whether or not it reports, when asked: 4 of 6.
    const strict = rollUpTree(tree, SJZ, { rule: 'sum', period: '2025', root: '130100', expectStatisticalOnly: true }).get('130100')!;
    expect(strict.leaves).toEqual({ expected: 6, contributing: 4 });
  });

  it('pushes every warning into the given collector', () => {
    const d = new Diagnostics();
    rollUpTree(tree, SJZ, { rule: 'sum', period: '2025', root: '130000', diagnostics: d });
    expect(d.warnings.map((w) => w.path.join('/'))).toEqual(['region 130000', 'region 130100', 'region 130700', 'region 130900', 'region 135000']);
  });

  it('lists codes only up to the limit, then counts', () => {
    const hebei = rollUpTree(tree, SJZ, { rule: 'sum', period: '2025', root: '130000', listCodesUpTo: 2 }).get('130100')!;
    expect(hebei.provenance).toMatchObject({ contributors: null, contributorCount: 4, missing: ['130123'], missingCount: 1 });
  });
});

describe('rollUpTree: rules', () => {
  it('ratio_of_sums never averages rates', () => {
    // 长安区 1 death / 10 births (100 ‰), 桥西区 10 / 1000 (10 ‰).
    // Ratio of sums: 11 / 1010 × 1000 = 10.891 ‰; the mean of the rates would be 55 ‰.
    const out = rollUpTree(tree, { '130102': { numerator: 1, denominator: 10 }, '130104': { numerator: 10, denominator: 1000 } }, { rule: 'ratio_of_sums', period: '2025', root: '130100', factor: 1000 });
    expect(out.get('130100')!.value).toBeCloseTo(11000 / 1010, 10);
    expect(out.get('130100')!.value).not.toBeCloseTo(55, 0);
    expect(out.get('130100')).toMatchObject({ numerator: 11, denominator: 1010 });
    expect(out.get('130102')!.value).toBeCloseTo(100, 12);
  });

  it('population_weighted_mean weighs by population and skips a value without weight', () => {
    // (78 × 100 + 74 × 300) / 400 = 30000 / 400 = 75; 井陉矿区 (80) has no weight.
    const out = rollUpTree(tree, { '130102': 78, '130104': 74, '130107': 80 }, {
      rule: 'population_weighted_mean',
      period: '2025',
      root: '130100',
      weights: new Map([['130102', 100], ['130104', 300]]),
      weightElement: 'POP',
    });
    const sjz = out.get('130100')!;
    expect(sjz.value).toBe(75);
    expect(sjz).toMatchObject({ weightedSum: 30000, weightSum: 400 });
    expect(sjz.provenance.excluded).toEqual([{ code: '130107', reason: 'missing_weight' }]);
    expect(sjz.provenance.params).toMatchObject({ weightElement: 'POP' });
    expect(out.get('130107')).toMatchObject({ value: 80, leaves: { expected: 1, contributing: 0 } });
    expect(out.get('130107')!.warnings.map((w) => w.code)).toEqual(['VITALS_W_MISSING_DATA']);
  });

  it('last_value: stocks add across regions; the period each came from is kept', () => {
    const beds = {
      '130102': aggregatePeriods({ '2025M11': 500, '2025M12': 510 }, '2025', 'last_value', { regionCode: '130102' }),
      '130104': aggregatePeriods({ '2025M10': 300 }, '2025', 'last_value', { regionCode: '130104' }),
    };
    const sjz = rollUpTree(tree, beds, { rule: 'last_value', period: '2025', root: '130100', finePeriodType: 'month' }).get('130100')!;
    // 510 (December) + 300 (October, stale) = 810.
    expect(sjz).toMatchObject({ value: 810, lastPeriod: '2025M12', earliestLastPeriod: '2025M10', staleContributors: 1 });
    expect(sjz.warnings.map((w) => w.code)).toContain('VITALS_W_STALE_DATA');
  });

  it('not_aggregatable: leaves keep their estimates, parents get none and a reason', () => {
    const out = rollUpTree(tree, { '130102': 0.31, '130104': 0.27 }, { rule: 'not_aggregatable', period: '2025', root: '130100' });
    expect(out.get('130102')!.value).toBe(0.31);
    expect(out.get('130100')).toMatchObject({ value: null, warnings: [] });
    expect(out.get('130100')!.reason).toMatch(/survey estimate/);
  });

  it('carries period completeness from leaves aggregated over months', () => {
    // 长安区 12 of 12 months, 桥西区 9 of 12, the three others expected for 12 months each but silent:
    // cells 21 / 60 = 0.35; counties 2 / 5.
    const months = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`2025M${String(i + 1).padStart(2, '0')}`, 1]));
    const leaves = {
      '130102': aggregatePeriods(months(12), '2025', 'sum', { regionCode: '130102' }),
      '130104': aggregatePeriods(months(9), '2025', 'sum', { regionCode: '130104' }),
    };
    const sjz = rollUpTree(tree, leaves, { rule: 'sum', period: '2025', root: '130100', finePeriodType: 'month' }).get('130100')!;
    expect(sjz.value).toBe(21);
    expect(sjz.periods).toEqual({ expected: 60, contributing: 21 });
    expect(sjz.completeness).toBeCloseTo(0.35, 12);
    expect(sjz.warnings[0]!.message).toContain('built from 2 of 5 counties; 21 of 60 county-months reported (completeness 35%)');
  });
});

describe('rollUpTree: shape of the tree', () => {
  it('a prefecture without counties (东莞) stands in as a county-level leaf', () => {
    const out = rollUpTree(tree, { '441900': 7 }, { rule: 'sum', period: '2025', root: '440000', leafLevel: 'county' });
    expect(out.get('440000')).toMatchObject({ value: 7, leaves: { expected: 1, contributing: 1 } });
    // At township level its townships are the leaves.
    const towns = rollUpTree(tree, { '441900003': 3, '441900004': 4 }, { rule: 'sum', period: '2025', root: '440000' });
    expect(towns.get('441900')).toMatchObject({ value: 7, leafLevel: 'township', leaves: { expected: 2, contributing: 2 } });
  });

  it('units can be the leaves', () => {
    const out = rollUpTree(tree, { '130102-H001': 42 }, { rule: 'sum', period: '2025', root: '130100', leafLevel: 'unit' });
    expect(out.get('130100')).toMatchObject({ value: 42, leaves: { expected: 1, contributing: 1 }, completeness: 1 });
    // Counties without reporting units expect nothing.
    expect(out.get('130104')).toMatchObject({ value: null, leaves: { expected: 0, contributing: 0 }, completeness: 1 });
  });

  it('rejects, all at once, values that cannot enter the roll-up', () => {
    const error = failure(() =>
      rollUpTree(tree, { '139999': 1, '130100': 2, '130102001': 3, '135001': 4, '130102': 'x' as never, '220104': 9 }, { rule: 'sum', period: '2025', root: '130000', leafLevel: 'county' }),
    );
    expect(error.code).toBe('VITALS_E_INVALID_INPUT');
    const problems = (error.details as { message: string }[]).map((x) => x.message);
    // (Integer-like object keys iterate in numeric order.) 220104 (吉林) lies outside the root and is ignored.
    expect(problems).toEqual([
      '130100 is a prefecture above the leaf level county: values enter at the leaves and are rolled up',
      '135001 did not exist during 2025 (valid 1980-01-01–2021-07-01)',
      'unknown region code 139999',
      '130102001 (township) lies below the leaf level county of this roll-up',
      'expected a number, { numerator, denominator } or an aggregate, got "x"',
    ]);
  });
});

describe('rollUpTree: effective dating and lineage', () => {
  // 示例市 in 2021: 甲县 split into 乙区 + 丙区 on 07-01; 丁县, 戊县 merged on 2022-01-01; 辛区 since 2020.
  const births = { '135001': 40, '135011': 25, '135012': 30, '135002': 50, '135003': 60, '135004': 70, '135015': 20 };
  const year2021 = (values: Record<string, number>, rule: 'sum' | 'last_value' = 'sum') =>
    rollUpTree(tree, values, { rule, period: '2021', root: '135000' }).get('135000')!;

  it('a county abolished mid-year still rolls up into the prefecture it belonged to', () => {
    // 40 + 25 + 30 + 50 + 60 + 70 + 20 = 295: 甲县 covers January–June, its successors July–December.
    const agg = year2021(births);
    expect(agg.value).toBe(295);
    expect(agg.children).toEqual({ expected: 7, contributing: 7 });
    expect(agg.provenance.lineageOverlaps).toEqual([{ predecessor: '135001', successors: ['135011', '135012'] }]);
  });

  it('the structure at the close of the period sets the expectation', () => {
    // Without 甲县 (it ceased during 2021): 255 from the 6 counties in force on 2021-12-31, complete.
    const { '135001': _dropped, ...rest } = births;
    const agg = year2021(rest);
    expect(agg).toMatchObject({ value: 255, completeness: 1, children: { expected: 6, contributing: 6 } });
    expect(agg.provenance.lineageOverlaps).toBeUndefined();
    // Without 乙区 (in force at the close): 6 of 7.
    const { '135011': _gone, ...partial } = births;
    expect(year2021(partial).children).toEqual({ expected: 7, contributing: 6 });
  });

  it('last_value drops the stock of a county that ceased before the close', () => {
    // 295 − 40 = 255.
    const agg = year2021(births, 'last_value');
    expect(agg.value).toBe(255);
    expect(agg.provenance.excluded).toEqual([{ code: '135001', reason: 'ceased_before_close' }]);
  });

  it('2020 and 2022 see the structures of their own time', () => {
    const y2020 = rollUpTree(tree, { '135001': 80, '135002': 50, '135003': 60, '135004': 70, '135015': 20 }, { rule: 'sum', period: '2020', root: '130000' });
    expect(y2020.get('135000')).toMatchObject({ value: 280, completeness: 1 });
    expect(y2020.get('130000')!.value).toBe(280);
    const y2022 = rollUpTree(tree, { '135011': 30, '135012': 31, '135013': 100, '135004': 70, '135015': 20 }, { rule: 'sum', period: '2022', root: '135000' });
    expect(y2022.get('135000')).toMatchObject({ value: 251, completeness: 1, children: { expected: 5, contributing: 5 } });
  });
});
