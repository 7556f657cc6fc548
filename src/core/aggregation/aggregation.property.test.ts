import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRegionTree, type Region } from '../region/index.js';
import { arbitraryRegions } from '../region/region.fixtures.js';
import { aggregatePeriods, rollUpTree, type PeriodValue, type RatioParts } from './index.js';

/** A tree, and a value (or nothing) for each county. */
function treeWithValues<T>(value: fc.Arbitrary<T>, options: { statisticalOnly?: boolean } = {}) {
  return arbitraryRegions(options).chain((regions) => {
    const counties = regions.filter((r) => r.level === 'county');
    return fc.tuple(fc.constant(regions), fc.array(fc.option(value, { nil: undefined }), { minLength: counties.length, maxLength: counties.length }), fc.infiniteStream(fc.double({ noNaN: true }))).map(
      ([rs, vals, noise]) => {
        const entries = counties.flatMap((c, i) => (vals[i] === undefined ? [] : [[c.code, vals[i]] as [string, T]]));
        // A random order of the same entries: the result must not depend on it.
        const keys = [...noise.take(entries.length)];
        const shuffled = entries.map((e, i) => [keys[i]!, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        return { regions: rs, entries, shuffled };
      },
    );
  });
}

const count = fc.integer({ min: 0, max: 1_000_000 });
const parts: fc.Arbitrary<RatioParts> = fc.record({ numerator: fc.integer({ min: 0, max: 10_000 }), denominator: fc.integer({ min: 1, max: 100_000 }) });

function leavesBelow(regions: readonly Region[], code: string): Region[] {
  return regions.filter((r) => r.level === 'county' && (code === '000000' || r.code.startsWith(code.replace(/(00)+$/, ''))));
}

describe('aggregation properties', () => {
  it('a sum roll-up equals the sum of the leaves below every node, in any input order', () => {
    fc.assert(
      fc.property(treeWithValues(count), ({ regions, entries, shuffled }) => {
        const tree = buildRegionTree(regions);
        const a = rollUpTree(tree, new Map(entries), { rule: 'sum', period: '2025', leafLevel: 'county' });
        const b = rollUpTree(tree, new Map(shuffled), { rule: 'sum', period: '2025', leafLevel: 'county' });
        expect([...b.entries()]).toEqual([...a.entries()]);
        const values = new Map(entries);
        for (const r of regions) {
          const reported = leavesBelow(regions, r.code).filter((c) => values.has(c.code));
          const expected = reported.length === 0 ? null : reported.reduce((s, c) => s + values.get(c.code)!, 0);
          expect(a.get(r.code)!.value).toBe(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ratio_of_sums equals Σ numerators / Σ denominators × factor at the root', () => {
    fc.assert(
      fc.property(treeWithValues(parts), fc.constantFrom(1, 100, 1000, 100000), ({ regions, entries }, factor) => {
        fc.pre(entries.length > 0);
        const root = rollUpTree(buildRegionTree(regions), new Map(entries), { rule: 'ratio_of_sums', period: '2025', factor }).get('000000')!;
        const num = entries.reduce((s, [, p]) => s + p.numerator, 0);
        const den = entries.reduce((s, [, p]) => s + p.denominator, 0);
        expect(root.numerator).toBe(num);
        expect(root.denominator).toBe(den);
        expect(root.value).toBeCloseTo((num / den) * factor, 9);
      }),
      { numRuns: 100 },
    );
  });

  it('completeness lies in [0, 1] and is 1 exactly when every expected county contributed', () => {
    fc.assert(
      fc.property(treeWithValues(count, { statisticalOnly: true }), ({ regions, entries }) => {
        const values = new Map(entries);
        const out = rollUpTree(buildRegionTree(regions), values, { rule: 'sum', period: '2025', leafLevel: 'county' });
        for (const r of regions) {
          if (r.level === 'county') continue;
          const agg = out.get(r.code)!;
          // Expected: ordinary counties always, statistical-only ones only when they reported.
          const expected = leavesBelow(regions, r.code).filter((c) => !c.statisticalOnly || values.has(c.code));
          const contributed = expected.filter((c) => values.has(c.code));
          expect(agg.completeness).toBeGreaterThanOrEqual(0);
          expect(agg.completeness).toBeLessThanOrEqual(1);
          expect(agg.leaves).toEqual({ expected: expected.length, contributing: contributed.length });
          expect(agg.completeness === 1).toBe(contributed.length === expected.length);
          expect(agg.warnings.length > 0).toBe(expected.length > 0 && contributed.length / expected.length < 0.9);
        }
      }),
      { numRuns: 100 },
    );
  });

  // Months with gaps: each month has a value or not.
  const monthly = <T>(value: fc.Arbitrary<T>) =>
    fc.array(fc.option(value, { nil: undefined }), { minLength: 12, maxLength: 12 }).map((vals) =>
      Object.fromEntries(vals.flatMap((v, i) => (v === undefined ? [] : [[`2025M${String(i + 1).padStart(2, '0')}`, v]]))),
    );

  function viaQuarters(months: Record<string, PeriodValue>, rule: 'sum' | 'ratio_of_sums', factor: number) {
    const quarters: Record<string, PeriodValue> = {};
    for (const q of [1, 2, 3, 4]) {
      const agg = aggregatePeriods(months, `2025Q${q}`, rule, { factor, finePeriodType: 'month' });
      if (agg.leaves.contributing === 0) continue;
      quarters[`2025Q${q}`] = rule === 'sum' ? agg.value! : { numerator: agg.numerator!, denominator: agg.denominator! };
    }
    return aggregatePeriods(quarters, '2025', rule, { factor, finePeriodType: 'quarter' });
  }

  it('months → quarters → year equals months → year (sum)', () => {
    fc.assert(
      fc.property(monthly(count), (months) => {
        const direct = aggregatePeriods(months, '2025', 'sum', { finePeriodType: 'month' });
        expect(viaQuarters(months, 'sum', 1).value).toBe(direct.value);
      }),
    );
  });

  it('months → quarters → year equals months → year (ratio_of_sums)', () => {
    fc.assert(
      fc.property(monthly(parts), fc.constantFrom(100, 1000), (months, factor) => {
        const direct = aggregatePeriods(months, '2025', 'ratio_of_sums', { factor, finePeriodType: 'month' });
        const chained = viaQuarters(months, 'ratio_of_sums', factor);
        expect(chained.numerator ?? 0).toBe(direct.numerator ?? 0);
        expect(chained.denominator ?? 0).toBe(direct.denominator ?? 0);
        if (direct.value === null) expect(chained.value).toBeNull();
        else expect(chained.value).toBeCloseTo(direct.value, 9);
      }),
    );
  });
});
