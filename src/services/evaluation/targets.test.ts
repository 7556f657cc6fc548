import { describe, expect, it } from 'vitest';
import { buildRegionTree, type Region } from '../../core/region/index.js';
import type { TargetSpec } from '../../core/target/index.js';
import type { TargetListing } from '../../storage/repositories/target.repository.js';
import { applicableTargets, isInheritable } from './targets.js';

const r = (code: string, level: Region['level'], parentCode: string | null): Region => ({ code, name: code, level, parentCode, validFrom: '2000-01-01', validTo: null });
const tree = buildRegionTree([r('000000', 'nation', null), r('130000', 'province', '000000'), r('130100', 'prefecture', '130000'), r('130102', 'county', '130100')]);

let id = 0;
function target(indicator: string, scope: TargetListing['scope'], spec: TargetSpec, baseline?: { year: number; value?: number }): TargetListing {
  return {
    id: ++id, framework: 'f', frameworkVersion: 1, indicator, indicatorName: { zh: indicator }, unit: '', group: null, scope, milestoneYear: 2025, spec,
    wording: 'w', ...(baseline ? { baseline } : {}), provenance: { source: { document: 'd' }, verification: 'confirmed_text' },
  };
}

describe('applicable targets', () => {
  const imrProvince = target('IMR', { region: '130000' }, { kind: 'threshold', op: 'le', value: 4.5 }, { year: 2020, value: 6 });
  const imrCity = target('IMR', { region: '130100' }, { kind: 'threshold', op: 'le', value: 4 });
  const coverage = target('HOSPITALS', { region: '130000' }, { kind: 'coverage', subLevel: 'county', share: 1 });
  const counties = target('VACC', { level: 'county', within: '130000' }, { kind: 'threshold', op: 'ge', value: 90 });

  it('tells which kinds can pass down to a lower level', () => {
    expect(isInheritable({ kind: 'threshold', op: 'ge', value: 1 })).toBe(true);
    expect(isInheritable({ kind: 'coverage', subLevel: 'county', share: 1 })).toBe(false);
    expect(isInheritable({ kind: 'all', parts: [{ kind: 'direction', direction: 'increase', strictness: 'overall' }, { kind: 'count', op: 'ge', value: 80 }] })).toBe(false);
  });

  it('prefers a region’s own target, inherits the nearest ancestor’s otherwise, never a coverage target', () => {
    const all = [imrProvince, imrCity, coverage, counties];
    expect(applicableTargets(all, '130000', tree, true).map((a) => a.target.id)).toEqual([imrProvince.id, coverage.id]);
    // The city has its own IMR target.
    expect(applicableTargets(all, '130100', tree, true).map((a) => [a.target.id, a.inheritedFrom ?? null])).toEqual([[imrCity.id, null]]);
    // The county inherits the city's (nearest) IMR target and has the level-scoped VACC target of its own.
    const county = applicableTargets(all, '130102', tree, true);
    expect(county.map((a) => [a.target.indicator, a.inheritedFrom ?? null])).toEqual([['IMR', '130100'], ['VACC', null]]);
    expect(applicableTargets(all, '130102', tree, false).map((a) => a.target.indicator)).toEqual(['VACC']);
  });

  it('drops the ancestor’s baseline value so that the region’s own is read from its series', () => {
    const [inherited] = applicableTargets([imrProvince], '130100', tree, true);
    expect(inherited!.target.baseline).toEqual({ year: 2020 });
    expect(inherited!.inheritedFrom).toBe('130000');
  });
});
