import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorDefinition } from '../../src/core/indicator/types.js';
import type { Target } from '../../src/core/target/types.js';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedBasics } from '../support/factories.js';

let t: TestDatabase;
let repos: Repositories;

const HEBEI = 'healthy-hebei-2023-2027';
const SEED = { document: '健康河北建设行动方案(2023—2027年)', clause: '二、总体目标' };

const indicator = (code: string, zh: string, unit: string): IndicatorDefinition => ({
  code,
  name: { zh },
  unit,
  polarity: 'higher_is_better',
  periodType: 'year',
  aggregation: 'ratio_of_sums',
});

const target = (indicatorCode: string, year: number, spec: Target['spec'], wording: string, scope: Target['scope'] = { region: '130000' }): Target => ({
  framework: HEBEI,
  indicator: indicatorCode,
  scope,
  milestoneYear: year,
  spec,
  wording,
  provenance: { source: SEED, verification: 'confirmed_text' },
});

beforeAll(async () => {
  t = await createTestDatabase();
  await seedBasics(t.db);
  repos = createRepositories(t.db);
  await repos.metadata.upsertIndicators([
    indicator('BEDS_PER_1000_POP', '每千人口医疗卫生机构床位数', '张'),
    indicator('DOCTORS_PER_1000', '每千人口执业(助理)医师数', '人'),
    indicator('HEALTHY_COUNTIES', '健康县区', '个'),
  ]);
  await repos.frameworks.upsertFramework({ code: 'healthy-china-2030', name: { zh: '健康中国行动(2019—2030年)' }, jurisdiction: '000000', startYear: 2019, endYear: 2030 });
  await repos.frameworks.upsertFramework({
    code: HEBEI,
    name: { zh: '健康河北建设行动方案(2023—2027年)', en: 'Healthy Hebei 2023–2027' },
    jurisdiction: '130000',
    startYear: 2023,
    endYear: 2027,
    parent: 'healthy-china-2030',
    provenance: { source: SEED, verification: 'confirmed_text' },
  });
  await repos.frameworks.upsertGroups(HEBEI, [
    { code: 'resources', name: { zh: '卫生资源' }, sortOrder: 1 },
    { code: 'cells', name: { zh: '健康细胞' }, sortOrder: 2 },
  ]);
  await repos.frameworks.upsertFrameworkIndicators(HEBEI, [
    { indicator: 'HEALTHY_COUNTIES', group: 'cells', nature: 'expected', sortOrder: 1 },
    { indicator: 'DOCTORS_PER_1000', group: 'resources', nature: 'binding', sortOrder: 2, baseline: { year: 2022, value: 3.2 } },
    { indicator: 'BEDS_PER_1000_POP', group: 'resources', nature: 'expected', sortOrder: 1, adoptedFrom: 'healthy-china-2030' },
  ]);
  await repos.targets.upsertTargets([
    target('BEDS_PER_1000_POP', 2025, { kind: 'threshold', op: 'ge', value: 7.5 }, '7.5'),
    target('DOCTORS_PER_1000', 2025, { kind: 'threshold', op: 'ge', value: 3.5 }, '3.5'),
    target('HEALTHY_COUNTIES', 2025, { kind: 'count', op: 'ge', value: 80 }, '建设健康县区80个以上'),
    target('BEDS_PER_1000_POP', 2027, { kind: 'threshold', op: 'ge', value: 7.8 }, '7.8'),
    target('DOCTORS_PER_1000', 2025, { kind: 'threshold', op: 'ge', value: 3 }, '每个县(市、区)不低于3', { level: 'county', within: '130000' }),
  ]);
});
afterAll(() => t?.dispose());

describe(`frameworks and targets on ${testEngine()}`, () => {
  it('stores a framework version with its parent plan', async () => {
    const hebei = await repos.frameworks.getFramework(HEBEI);
    const national = await repos.frameworks.getFramework('healthy-china-2030');
    expect(hebei).toMatchObject({ code: HEBEI, version: 1, jurisdiction: '130000', parentId: national!.id, name: { en: 'Healthy Hebei 2023–2027' } });
    await repos.frameworks.upsertFramework({ code: HEBEI, version: 2, name: { zh: '修订版' } });
    expect((await repos.frameworks.getFramework(HEBEI))?.version).toBe(2); // bare code: newest version
    expect((await repos.frameworks.getFramework({ code: HEBEI, version: 1 }))?.version).toBe(1);
    await expect(repos.frameworks.resolveId('no-such-plan')).rejects.toMatchObject({ code: 'VITALS_E_NOT_FOUND' });
  });

  it("lists a framework's indicators in plan order with nature and baseline", async () => {
    const list = await repos.frameworks.listFrameworkIndicators({ code: HEBEI, version: 1 });
    // resources (group 1): BEDS (1), DOCTORS (2); cells (group 2): HEALTHY_COUNTIES.
    expect(list.map((i) => [i.indicator, i.group, i.nature])).toEqual([
      ['BEDS_PER_1000_POP', 'resources', 'expected'],
      ['DOCTORS_PER_1000', 'resources', 'binding'],
      ['HEALTHY_COUNTIES', 'cells', 'expected'],
    ]);
    expect(list[0]!.adoptedFrom).toEqual({ code: 'healthy-china-2030', version: 1 });
    expect(list[1]!.baseline).toEqual({ year: 2022, value: 3.2 });
  });

  it("lists Hebei's 2025 targets with their wording", async () => {
    const list = await repos.targets.list({ framework: { code: HEBEI, version: 1 }, appliesTo: '130000', year: 2025 });
    expect(list.map((x) => [x.indicatorName.zh, x.wording])).toEqual([
      ['每千人口医疗卫生机构床位数', '7.5'],
      ['每千人口执业(助理)医师数', '3.5'],
      ['健康县区', '建设健康县区80个以上'],
    ]);
    expect(list[2]).toMatchObject({ spec: { kind: 'count', op: 'ge', value: 80 }, scope: { region: '130000' }, provenance: { source: SEED, verification: 'confirmed_text' } });
  });

  it('applies a level scope to the regions under it only', async () => {
    const county = await repos.targets.list({ appliesTo: '130102', year: 2025 });
    expect(county.map((x) => [x.indicator, x.wording])).toEqual([['DOCTORS_PER_1000', '每个县(市、区)不低于3']]);
    expect(county[0]!.scope).toEqual({ level: 'county', within: '130000' });
    expect(await repos.targets.list({ appliesTo: '110101', year: 2025 })).toEqual([]); // a Beijing county
  });

  it('upserts targets by their natural key', async () => {
    const before = (await repos.targets.list({ framework: { code: HEBEI, version: 1 } })).length;
    await repos.targets.upsertTargets([target('BEDS_PER_1000_POP', 2027, { kind: 'threshold', op: 'ge', value: 7.9 }, '7.9')], { version: 1 });
    const after = await repos.targets.list({ framework: { code: HEBEI, version: 1 }, indicator: 'BEDS_PER_1000_POP', year: 2027 });
    expect(after.map((x) => x.wording)).toEqual(['7.9']);
    expect((await repos.targets.list({ framework: { code: HEBEI, version: 1 } })).length).toBe(before);
  });

  it('rejects a target for an unknown indicator', async () => {
    await expect(repos.targets.upsertTargets([target('NOPE', 2025, { kind: 'achieve' }, '实现')], { version: 1 })).rejects.toMatchObject({
      code: 'VITALS_E_NOT_FOUND',
      params: { what: 'indicator NOPE' },
    });
  });
});
