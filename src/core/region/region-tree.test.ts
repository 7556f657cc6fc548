import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { buildRegionTree, type Region } from './index.js';
import { FIXTURE_REGIONS, fixtureRegion } from './region.fixtures.js';

const tree = buildRegionTree(FIXTURE_REGIONS);
const codes = (regions: readonly Region[]) => regions.map((r) => r.code);

function problemsOf(regions: readonly Region[]): string[] {
  const d = new Diagnostics();
  try {
    buildRegionTree(regions, d);
  } catch (e) {
    expect(e).toBeInstanceOf(VitalsError);
    expect((e as VitalsError).code).toBe('VITALS_E_INVALID_INPUT');
    return d.errors.map((x) => `${x.path.join(' / ')}: ${x.message}`);
  }
  throw new Error('expected the region list to be rejected');
}

describe('buildRegionTree', () => {
  it('indexes every fixture region', () => {
    expect(tree.size).toBe(FIXTURE_REGIONS.length);
    expect(codes(tree.roots())).toEqual(['000000']);
  });

  it('accepts a partial tree rooted at a province', () => {
    const hebei = FIXTURE_REGIONS.filter((r) => r.code.startsWith('13')).map((r) => (r.code === '130000' ? { ...r, parentCode: null } : r));
    expect(codes(buildRegionTree(hebei).roots())).toEqual(['130000']);
  });

  const replace = (changed: Region) => (rows: Region[]) => rows.map((r) => (r.code === changed.code ? changed : r));
  const add = (extra: Region) => (rows: Region[]) => [...rows, extra];

  it.each<[string, (rows: Region[]) => Region[], RegExp]>([
    ['a code of the wrong shape for its level', replace(fixtureRegion('130102', { level: 'prefecture' })), /form of a county code but the region is declared at level prefecture/],
    ['a malformed code', add(fixtureRegion('130102', { code: '13010' })), /"13010" is not a GB\/T 2260/],
    ['a unit-shaped code declared as a county', add(fixtureRegion('130102', { code: '13010X' })), /13010X has the form of a unit code but the region is declared at level county/],
    ['a missing parent', replace(fixtureRegion('130102', { parentCode: '139900' })), /parent 139900 does not exist/],
    ['levels that do not deepen', replace(fixtureRegion('130100', { parentCode: '130102' })), /a prefecture cannot sit under county 130102/],
    ['a code outside its parent prefix', replace(fixtureRegion('130102', { parentCode: '130700' })), /does not start with 1307/],
    ['an empty name', replace(fixtureRegion('130102', { name: ' ' })), /name is empty/],
    ['a bad date', replace(fixtureRegion('130102', { validFrom: '2021-02-30' })), /validFrom "2021-02-30" is not an ISO date/],
    ['validTo before validFrom', replace(fixtureRegion('130102', { validTo: '1979-01-01' })), /validTo 1979-01-01 is not after validFrom 1980-01-01/],
    ['a child that outlives its parent', replace(fixtureRegion('130102', { validFrom: '1970-01-01' })), /outside parent 130100's validity/],
    ['a unit without a parent', replace(fixtureRegion('130102-H001', { parentCode: null })), /needs a geographic parent/],
    ['a unit under a unit', add(fixtureRegion('130102-H001', { code: '130102-H001-D1', parentCode: '130102-H001' })), /units hang under geographic regions/],
    ['an unknown predecessor', replace(fixtureRegion('135011', { predecessors: ['135099'] })), /predecessor 135099 does not exist/],
    ['a predecessor that begins later', replace(fixtureRegion('135001', { predecessors: ['135011'] })), /predecessor 135011 begins 2021-07-01, not before/],
    ['a region that is its own predecessor', replace(fixtureRegion('135004', { predecessors: ['135004'] })), /its own predecessor/],
    ['a duplicate code', add(fixtureRegion('130102')), /duplicate code 130102/],
  ])('reports %s', (_label, mutate, message) => {
    expect(problemsOf(mutate([...FIXTURE_REGIONS])).join('\n')).toMatch(message);
  });

  it('reports every problem at once, each under its row and code', () => {
    const rows = [...FIXTURE_REGIONS, fixtureRegion('130102', { code: '130199', parentCode: '139900' }), fixtureRegion('130102', { code: '1301' })];
    const problems = problemsOf(rows);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/row \d+ \(region 130199\): parent 139900 does not exist/),
        expect.stringMatching(/row \d+ \(region 1301\): code "1301" is not/),
      ]),
    );
  });

  it('reports a parent cycle with its path', () => {
    const a: Region = { code: '130100', name: 'A', level: 'prefecture', parentCode: '130000', validFrom: '1980-01-01', validTo: null };
    const b: Region = { code: '130000', name: 'B', level: 'province', parentCode: '130100', validFrom: '1980-01-01', validTo: null };
    expect(problemsOf([a, b]).join('\n')).toMatch(/parent cycle 130\d00 → 130\d00 → 130\d00/);
  });
});

describe('RegionTree queries', () => {
  it('children in code order, optionally on a date', () => {
    expect(codes(tree.children('130100'))).toEqual(['130102', '130104', '130107', '130121', '130123', '130171']);
    // 甲县 ended 2021-07-01 (exclusive); 乙区/丙区 began that day.
    expect(codes(tree.children('135000', '2021-06-30'))).toEqual(['135001', '135002', '135003', '135004', '135015']);
    expect(codes(tree.children('135000', '2021-07-01'))).toEqual(['135002', '135003', '135004', '135011', '135012', '135015']);
  });

  it('descendants by level, date and period', () => {
    expect(codes(tree.descendants('130000', { level: 'prefecture' }))).toEqual(['130100', '130700', '130900', '135000']);
    expect(codes(tree.descendants('130100', { level: 'township' }))).toEqual(['130102001', '130102002', '130102100', '130104001', '130107001', '130121100', '130171100']);
    // Dongguan's townships are its direct descendants.
    expect(codes(tree.descendants('440000'))).toEqual(['441900', '441900003', '441900004']);
    expect(codes(tree.descendants('135000', { level: 'county', asOf: '2022-06-30' }))).toEqual(['135004', '135011', '135012', '135013', '135015']);
    // During 2021 both the split county and its successors existed.
    expect(codes(tree.descendants('135000', { level: 'county', period: '2021' }))).toEqual(['135001', '135002', '135003', '135004', '135011', '135012', '135015']);
    expect(codes(tree.descendants('135000', { level: 'county', period: '2021H1' }))).toEqual(['135001', '135002', '135003', '135004', '135015']);
    expect(codes(tree.descendants('130102'))).toEqual(['130102-H001', '130102001', '130102002', '130102100']);
  });

  it('ancestors, isWithin and provinceOf', () => {
    expect(codes(tree.ancestors('130102001'))).toEqual(['130102', '130100', '130000', '000000']);
    expect(tree.isWithin('130102001', '130000')).toBe(true);
    expect(tree.isWithin('130102', '130102')).toBe(true);
    expect(tree.isWithin('220104', '110000')).toBe(false);
    expect(tree.provinceOf('000000')).toBe('000000');
    expect(tree.provinceOf('130000')).toBe('130000');
    expect(tree.provinceOf('441900003')).toBe('440000');
    expect(tree.provinceOf('130102-H001')).toBe('130000');
  });

  it('activeAt / activeDuring use [validFrom, validTo)', () => {
    expect(tree.activeAt('135001', '2021-06-30')).toBe(true);
    expect(tree.activeAt('135001', '2021-07-01')).toBe(false);
    expect(tree.activeDuring('135001', '2021-07-01', '2022-01-01')).toBe(false);
    expect(tree.activeDuring('135001', '2021-01-01', '2021-07-02')).toBe(true);
    expect(tree.activeDuring('135011', '2021-01-01', '2021-07-01')).toBe(false);
  });

  it('unknown codes fail with VITALS_E_UNKNOWN_REGION', () => {
    expect(tree.get('139999')).toBeUndefined();
    expect(() => tree.children('139999')).toThrow(expect.objectContaining({ code: 'VITALS_E_UNKNOWN_REGION' }));
    expect(() => tree.provinceOf('139999')).toThrow(/139999/);
  });
});
