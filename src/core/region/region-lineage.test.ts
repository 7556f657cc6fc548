import { describe, expect, it } from 'vitest';
import { buildRegionTree, type Region } from './index.js';
import { FIXTURE_REGIONS } from './region.fixtures.js';

const tree = buildRegionTree(FIXTURE_REGIONS);
const codes = (regions: readonly Region[]) => regions.map((r) => r.code);

describe('lineage links', () => {
  it('successorsOf / predecessorsOf', () => {
    expect(codes(tree.successorsOf('135001'))).toEqual(['135011', '135012']);
    expect(codes(tree.predecessorsOf('135013'))).toEqual(['135002', '135003']);
    expect(codes(tree.successorsOf('130102'))).toEqual([]);
    expect(codes(tree.predecessorsOf('130102'))).toEqual([]);
  });
});

describe('currentEquivalent', () => {
  it.each<[string, string, string[], boolean, string, string]>([
    // [code, date, expected codes, exact, direction, why]
    ['135004', '2025-01-01', ['135004'], true, 'same', 'still active'],
    ['135001', '2025-01-01', ['135011', '135012'], true, 'forward', 'a split seen from the old county: both parts are its whole ground'],
    ['135011', '2020-01-01', ['135001'], false, 'backward', 'a split seen from one part: 甲县 was larger than 乙区'],
    ['135013', '2021-12-31', ['135002', '135003'], true, 'backward', 'a merge seen from the new district: the sum of both'],
    ['135002', '2023-01-01', ['135013'], false, 'forward', 'a merge seen from one old county: 丁戊区 also holds 戊县'],
    ['135014', '2022-01-01', ['135004'], false, 'backward', 'partial cession: 己县 kept existing and is larger'],
    ['135005', '2024-06-01', ['135015'], true, 'forward', 'rename with a new code'],
    ['135015', '2019-12-31', ['135005'], true, 'backward', 'rename, backwards'],
  ])('%s on %s → %j (exact %s, %s): %s', (code, date, expected, exact, direction) => {
    const result = tree.currentEquivalent(code, date);
    expect(result.codes).toEqual(expected);
    expect(result.exact).toBe(exact);
    expect(result.direction).toBe(direction);
  });

  const base = { level: 'county', parentCode: '130100', validFrom: '2000-01-01', validTo: null } as const;
  const prefecture: Region[] = [
    { code: '130100', name: '石家庄市', level: 'prefecture', parentCode: null, validFrom: '1980-01-01', validTo: null },
  ];

  it('follows chains and reports the regions passed through', () => {
    // A → B (2010) → C + D (2015): on 2020, A's ground is C + D, via B.
    const chain = buildRegionTree([
      ...prefecture,
      { ...base, code: '130181', name: 'A', validTo: '2010-01-01' },
      { ...base, code: '130182', name: 'B', validFrom: '2010-01-01', validTo: '2015-01-01', predecessors: ['130181'] },
      { ...base, code: '130183', name: 'C', validFrom: '2015-01-01', predecessors: ['130182'] },
      { ...base, code: '130184', name: 'D', validFrom: '2015-01-01', predecessors: ['130182'] },
    ]);
    expect(chain.currentEquivalent('130181', '2020-01-01')).toEqual({ codes: ['130183', '130184'], exact: true, direction: 'forward', via: ['130182'] });
    expect(chain.currentEquivalent('130181', '2012-01-01')).toEqual({ codes: ['130182'], exact: true, direction: 'forward', via: [] });
    expect(chain.currentEquivalent('130183', '2005-01-01')).toMatchObject({ codes: ['130181'], exact: false, via: ['130182'] });
  });

  it('a region abolished without successor, or a gap in time, has no exact equivalent', () => {
    const gaps = buildRegionTree([
      ...prefecture,
      { ...base, code: '130181', name: 'gone', validTo: '2010-01-01' },
      { ...base, code: '130182', name: 'old', validTo: '2010-01-01' },
      { ...base, code: '130183', name: 'later', validFrom: '2012-01-01', predecessors: ['130182'] },
    ]);
    expect(gaps.currentEquivalent('130181', '2020-01-01')).toEqual({ codes: [], exact: false, direction: 'forward', via: [] });
    // On 2011 neither the old county nor its successor existed.
    expect(gaps.currentEquivalent('130182', '2011-01-01')).toMatchObject({ codes: [], exact: false });
    // Later the successor covers the ground, but the hand-over was not clean (a two-year gap).
    expect(gaps.currentEquivalent('130182', '2013-01-01')).toMatchObject({ codes: ['130183'], exact: false });
  });

  it('absorption into an existing county is not exact', () => {
    // Like 桥东区 (2014), divided between the existing 长安区 and 桥西区.
    const absorbed = buildRegionTree([
      ...prefecture,
      { ...base, code: '130103', name: '桥东区', validFrom: '1980-01-01', validTo: '2014-09-01' },
      { ...base, code: '130102', name: '长安区', validFrom: '1980-01-01', predecessors: ['130103'] },
      { ...base, code: '130104', name: '桥西区', validFrom: '1980-01-01', predecessors: ['130103'] },
    ].map((r) => (r.code === '130102' || r.code === '130104' ? { ...r, validFrom: '1980-01-02' } : r)));
    expect(absorbed.currentEquivalent('130103', '2015-01-01')).toMatchObject({ codes: ['130102', '130104'], exact: false });
  });
});
