import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { rankEntries, requireRankMethod, roundForRanking } from './rank.js';
import { buildRankingTable, rankChange, rankWithinGroups } from './table.js';

const scores = [
  { code: 'd', score: 80 },
  { code: 'b', score: 85 },
  { code: 'a', score: 90 },
  { code: 'c', score: 85 },
  { code: 'e', score: 70 },
];

describe('rankEntries', () => {
  it.each([
    ['competition', [1, 2, 2, 4, 5]], // a 90; b, c 85 share 2; d is 4th (three ahead of it)
    ['dense', [1, 2, 2, 3, 4]], // distinct scores 90, 85, 80, 70
    ['ordinal', [1, 2, 3, 4, 5]], // tie b/c broken by code
  ] as const)('%s ranks 90, 85, 85, 80, 70 as %j', (method, ranks) => {
    const ranked = rankEntries(scores, { method });
    expect(ranked.map((r) => r.code)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ranked.map((r) => r.rank)).toEqual(ranks);
  });

  it('treats scores equal at 2 decimals as ties', () => {
    // 89.996 → 90.00 and 90.004 → 90.00: tied; 89.994 → 89.99 is behind
    const ranked = rankEntries([
      { code: 'x', score: 89.996 },
      { code: 'y', score: 90.004 },
      { code: 'z', score: 89.994 },
    ]);
    expect(ranked.map((r) => [r.code, r.rank, r.tiedWith])).toEqual([
      ['x', 1, 2],
      ['y', 1, 2],
      ['z', 3, 1],
    ]);
    // with 3 decimals they separate: 90.004 > 89.996 > 89.994
    expect(rankEntries([{ code: 'x', score: 89.996 }, { code: 'y', score: 90.004 }], { decimals: 3 }).map((r) => r.code)).toEqual(['y', 'x']);
  });

  it('ranks ascending when smaller is better', () => {
    expect(rankEntries(scores, { order: 'asc' }).map((r) => [r.code, r.rank])).toEqual([
      ['e', 1],
      ['d', 2],
      ['b', 3],
      ['c', 3],
      ['a', 5],
    ]);
  });

  it('leaves regions without a score unranked, last, by code', () => {
    const ranked = rankEntries([{ code: 'q', score: null }, { code: 'p', score: Number.NaN }, { code: 'r', score: 1 }]);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['r', 1],
      ['p', null],
      ['q', null],
    ]);
  });

  it('rounds half away from zero without binary noise', () => {
    expect(roundForRanking(1.005, 2)).toBe(1.01);
    expect(roundForRanking(-1.005, 2)).toBe(-1.01);
    expect(roundForRanking(2.675, 2)).toBe(2.68);
  });

  it('rejects unknown methods, duplicate codes and bad tolerances', () => {
    expect(() => requireRankMethod('fractional')).toThrow(VitalsError);
    try {
      rankEntries(scores, { method: 'olympic' as never });
      expect.unreachable();
    } catch (error) {
      expect((error as VitalsError).code).toBe('VITALS_E_UNKNOWN_METHOD');
      expect((error as VitalsError).params).toEqual({ kind: 'ranking', name: 'olympic' });
    }
    expect(() => rankEntries([{ code: 'a', score: 1 }, { code: 'a', score: 2 }])).toThrow(/a appears twice/);
    expect(() => rankEntries(scores, { decimals: 1.5 })).toThrow(/tie decimals/);
  });
});

describe('peer groups and rank change', () => {
  const entries = [
    { code: '130100', score: 92.5, group: 'large' },
    { code: '130200', score: 88, group: 'large' },
    { code: '130300', score: 88, group: 'small' },
    { code: '130400', score: 91, group: 'large' },
    { code: '130500', score: 79.5, group: 'small' },
    { code: '130600', score: 85 },
  ];

  it('ranks inside each peer group', () => {
    const groups = rankWithinGroups(entries);
    // large: 92.5 (1), 91 (2), 88 (3); small: 88 (1), 79.5 (2); 130600 has no group
    expect([...groups].map(([code, r]) => [code, r.group, r.rank, r.groupSize])).toEqual([
      ['130100', 'large', 1, 3],
      ['130400', 'large', 2, 3],
      ['130200', 'large', 3, 3],
      ['130300', 'small', 1, 2],
      ['130500', 'small', 2, 2],
    ]);
  });

  it('builds the table with overall rank, group rank and change from last year', () => {
    const table = buildRankingTable(entries, { previousRanks: { '130100': 3, '130200': 2, '130300': 3, '130400': 4, '130900': 6 } });
    // overall: 92.5 → 1, 91 → 2, 88 & 88 → 3, 85 → 5, 79.5 → 6
    // change = previous − current: 130100 3→1 = +2, 130400 4→2 = +2, 130200 2→3 = −1, 130300 3→3 = 0
    expect(table.rows.map((r) => [r.code, r.rank, r.groupRank, r.previousRank, r.change, r.movement])).toEqual([
      ['130100', 1, 1, 3, 2, 'up'],
      ['130400', 2, 2, 4, 2, 'up'],
      ['130200', 3, 3, 2, -1, 'down'],
      ['130300', 3, 1, 3, 0, 'same'],
      ['130600', 5, null, null, null, 'new'],
      ['130500', 6, 2, null, null, 'new'],
    ]);
    expect(table.dropped).toEqual(['130900']);
    expect(table.provenance).toEqual({ method: 'ranking.competition', methodVersion: '1.0.0', params: { method: 'competition', decimals: 2, order: 'desc' } });
  });

  it('flags unscored regions and rejects bad previous ranks', () => {
    expect(rankChange(null, 4)).toEqual({ previousRank: 4, change: null, movement: 'unranked' });
    expect(() => buildRankingTable(entries, { previousRanks: { '130100': 0 } })).toThrow(/positive integer/);
  });
});
