import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { rankEntries, rankValues, type RankMethod } from './rank.js';

describe('rankValues (ranks by position)', () => {
  it.each([
    // 5 is best (two of them share 1), 3 has two ahead → 3, 1 has three ahead → 4; null unranked
    ['competition', [3, 5, 5, null, 1], [3, 1, 1, null, 4]],
    // distinct values 5, 3, 1 → 1, 2, 3
    ['dense', [3, 5, 5, null, 1], [2, 1, 1, null, 3]],
    // tie 5/5 broken by position: index 1 before index 2
    ['ordinal', [3, 5, 5, null, 1], [3, 1, 2, null, 4]],
  ] as const)('%s ranks %j as %j (exact)', (method, values, expected) => {
    expect(rankValues(values, { method, decimals: null })).toEqual(expected);
  });

  it('exact comparison keeps values apart that agree to 2 decimals; the default ties them', () => {
    // 90.004 and 89.996 both round to 90.00 (tie at the default 2 decimals) but differ exactly
    expect(rankValues([89.996, 90.004], { decimals: null })).toEqual([2, 1]);
    expect(rankValues([89.996, 90.004])).toEqual([1, 1]);
  });

  it('ranks ascending when asked, and skips NaN like null', () => {
    // ascending: 1 is best → 1; 3 → 2; 5 → 3
    expect(rankValues([5, Number.NaN, 1, 3], { order: 'asc', decimals: null })).toEqual([3, null, 1, 2]);
    expect(rankValues([])).toEqual([]);
  });

  it('rejects an unknown method and bad decimals like rankEntries', () => {
    expect(() => rankValues([1], { method: 'olympic' as RankMethod })).toThrow(VitalsError);
    expect(() => rankValues([1], { decimals: 11 })).toThrow(/tie decimals/);
  });

  it('agrees with rankEntries when codes follow positions', () => {
    const method = fc.constantFrom<RankMethod>('competition', 'dense', 'ordinal');
    const values = fc.array(fc.option(fc.integer({ min: 0, max: 8 }).map((n) => n * 1.25), { nil: null }), { maxLength: 30 });
    fc.assert(
      fc.property(values, method, (xs, m) => {
        const code = (i: number) => String(i).padStart(3, '0');
        const byCode = new Map(rankEntries(xs.map((score, i) => ({ code: code(i), score })), { method: m }).map((e) => [e.code, e.rank]));
        expect(rankValues(xs, { method: m })).toEqual(xs.map((_, i) => byCode.get(code(i))));
      }),
    );
  });
});
