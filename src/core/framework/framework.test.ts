import { describe, expect, it } from 'vitest';
import type { Target } from '../target/types.js';
import { effectiveIndicators, frameworkIndicatorCodes, validateFramework, type Framework } from './index.js';

const provenance = { source: { document: 'test' }, verification: 'synthetic' } as const;

const target = (indicator: string, milestoneYear: number, extra: Partial<Target> = {}): Target => ({
  framework: 'hca',
  indicator,
  scope: { region: '000000' },
  milestoneYear,
  spec: { kind: 'threshold', op: 'ge', value: 22 },
  wording: '≥22%',
  provenance,
  ...extra,
});

const NATIONAL: Framework = {
  code: 'hca',
  version: '2019',
  name: { zh: '健康中国行动（2019—2030年）', en: 'Healthy China Action 2019–2030' },
  ownerRegion: '000000',
  level: 'nation',
  years: { start: 2019, end: 2030 },
  groups: [
    { code: 'literacy', name: { zh: '健康知识普及行动' } },
    { code: 'maternal', name: { zh: '妇幼健康促进行动' } },
  ],
  indicators: [
    { indicator: 'HEALTH_LITERACY', group: 'literacy', nature: 'expected', kind: 'outcome', baseline: { year: 2017, value: 14.18 } },
    { indicator: 'IMR', group: 'maternal', nature: 'expected', kind: 'outcome', baseline: { year: 2017, value: 6.8 } },
  ],
  targets: [target('HEALTH_LITERACY', 2022), target('HEALTH_LITERACY', 2030, { spec: { kind: 'threshold', op: 'ge', value: 30 }, wording: '≥30%' })],
};

const HEBEI: Framework = {
  code: 'healthy-hebei',
  version: '2023',
  name: { zh: '健康河北建设行动方案（2023—2027年）' },
  ownerRegion: '130000',
  level: 'province',
  years: { start: 2023, end: 2027 },
  parent: { code: 'hca', version: '2019' },
  groups: [{ code: 'overall', name: { zh: '总体目标' } }],
  indicators: [{ indicator: 'BEDS_PER_1000', group: 'overall', nature: 'expected', kind: 'process' }],
  adopts: [{ indicator: 'IMR', group: 'overall', nature: 'binding' }, { indicator: 'HEALTH_LITERACY', group: 'overall' }],
  targets: [
    target('IMR', 2025, { framework: 'healthy-hebei', scope: { region: '130000' }, wording: '5‰以下' }),
    target('BEDS_PER_1000', 2025, { framework: 'healthy-hebei', scope: { level: 'county', within: '130000' }, wording: '7.5' }),
  ],
};

const KNOWN = ['HEALTH_LITERACY', 'IMR', 'BEDS_PER_1000'];

describe('validateFramework', () => {
  it('accepts valid national and provincial plans', () => {
    expect(validateFramework(NATIONAL, { indicators: KNOWN }).all).toEqual([]);
    expect(validateFramework(HEBEI, { indicators: KNOWN, parent: NATIONAL }).all).toEqual([]);
  });

  it('reports every problem at once with its path', () => {
    const bad: Framework = {
      ...HEBEI,
      years: { start: 2023, end: 2027 },
      groups: [...HEBEI.groups, { code: 'overall', name: { zh: '重复' } }],
      indicators: [
        { indicator: 'BEDS_PER_1000', group: 'missing-group', nature: 'expected', kind: 'process' },
        { indicator: 'UNKNOWN', group: 'overall', nature: 'binding', kind: 'outcome', baseline: { year: 2030 } },
        { indicator: 'IMR', group: 'overall', nature: 'nice' as never, kind: 'outcome' },
      ],
      adopts: [{ indicator: 'IMR', group: 'overall' }, { indicator: 'NOT_IN_PARENT', group: 'overall' }],
      targets: [
        target('IMR', 2030, { framework: 'healthy-hebei' }),
        target('OTHER', 2025, { framework: 'healthy-hebei' }),
        target('BEDS_PER_1000', 2025, { framework: 'hca' }),
        target('BEDS_PER_1000', 2025, { framework: 'healthy-hebei' }),
        target('IMR', 2025, { framework: 'healthy-hebei', baseline: { year: 2026 } }),
      ],
    };
    const errors = validateFramework(bad, { indicators: KNOWN, parent: NATIONAL }).errors.map((e) => `${e.path.slice(1).join(' > ')}: ${e.message}`);
    expect(errors).toEqual([
      'group overall: duplicate group code "overall"',
      'indicator BEDS_PER_1000: group "missing-group" is not defined in this framework',
      'indicator UNKNOWN: indicator "UNKNOWN" is not in the indicator catalogue',
      'indicator UNKNOWN: baseline year 2030 is after the plan ends (2027)',
      'indicator IMR: nature "nice" is not one of binding, expected, advocacy',
      'adopted indicator IMR: indicator "IMR" is listed more than once',
      'adopted indicator NOT_IN_PARENT: indicator "NOT_IN_PARENT" is not in the parent framework hca@2019',
      'target IMR 000000 2030: milestone year 2030 is outside the plan years 2023–2027',
      'target OTHER 000000 2025: indicator "OTHER" is not part of this framework (add it or adopt it)',
      'target BEDS_PER_1000 000000 2025: belongs to framework "hca", not "healthy-hebei"',
      'target BEDS_PER_1000 000000 2025: duplicate target for the same indicator, scope and milestone year (combine parts with kind "all")',
      'target IMR 000000 2025: baseline year 2026 is after the milestone year 2025',
    ]);
  });

  it('checks identity, years and the parent', () => {
    const bad = { ...HEBEI, code: 'bad code', version: '', ownerRegion: '13', years: { start: 2027, end: 2023 }, parent: { code: 'hca', version: '2016' } };
    const messages = validateFramework(bad, { indicators: KNOWN, parent: NATIONAL }).errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'invalid framework code "bad code" (letters, digits, . _ -)',
        'version is required',
        'owner region "13" is not a 6- or 9-digit code',
        'plan years 2027–2023 must be whole years in 1900–2999, start ≤ end',
        'parent is hca@2016 but hca@2019 was given',
      ]),
    );
    const orphan = validateFramework({ ...HEBEI, parent: undefined }, { indicators: KNOWN }).errors.map((e) => e.message);
    expect(orphan).toContain('adopts indicators but names no parent framework');
    const missingParent = validateFramework(HEBEI, { indicators: KNOWN }).errors.map((e) => e.message);
    expect(missingParent).toContain('adopts indicators but the parent framework hca@2019 was not provided');
    const upside = validateFramework({ ...NATIONAL, parent: { code: 'healthy-hebei', version: '2023' } }, { indicators: KNOWN, parent: HEBEI });
    expect(upside.errors.map((e) => e.message)).toContain('a nation plan cannot adopt from a lower-level (province) plan');
  });
});

describe('effective indicators', () => {
  it('completes adopted entries from the parent', () => {
    expect([...frameworkIndicatorCodes(HEBEI)]).toEqual(['BEDS_PER_1000', 'IMR', 'HEALTH_LITERACY']);
    const entries = effectiveIndicators(HEBEI, NATIONAL);
    expect(entries.map((e) => [e.indicator, e.nature, e.kind, e.baseline?.value, e.adoptedFrom?.code])).toEqual([
      ['BEDS_PER_1000', 'expected', 'process', undefined, undefined],
      ['IMR', 'binding', 'outcome', 6.8, 'hca'], // nature overridden by Hebei, kind and baseline from the parent
      ['HEALTH_LITERACY', 'expected', 'outcome', 14.18, 'hca'],
    ]);
  });
});
