/**
 * A small, hand-checkable world for the aggregate and evaluation tests: Hebei with two
 * prefectures (石家庄 with three counties, 唐山 with two), a handful of data elements and
 * indicators, and a test plan with province targets. Real GB/T 2260 codes and names.
 */
import type { Kysely } from 'kysely';
import type { DataElement, IndicatorDefinition } from '../../src/core/indicator/types.js';
import type { Target } from '../../src/core/target/types.js';
import { createRepositories, type DataValueInput, type DB } from '../../src/storage/index.js';
import { dataElement, region } from '../support/factories.js';

export const COUNTIES_SJZ = ['130102', '130104', '130105'];
export const COUNTIES_TS = ['130202', '130203'];

export function worldRegions() {
  return [
    region('000000', '全国', 'nation', null),
    region('130000', '河北省', 'province', '000000'),
    region('130100', '石家庄市', 'prefecture', '130000'),
    region('130102', '长安区', 'county', '130100'),
    region('130104', '桥西区', 'county', '130100'),
    region('130105', '新华区', 'county', '130100'),
    region('130200', '唐山市', 'prefecture', '130000'),
    region('130202', '路南区', 'county', '130200'),
    region('130203', '路北区', 'county', '130200'),
  ];
}

export function worldElements(): DataElement[] {
  return [
    dataElement('LIVE_BIRTHS', '活产数'),
    dataElement('INFANT_DEATHS', '婴儿死亡数'),
    dataElement('POP', '年末常住人口', { aggregation: 'last_value' }),
    dataElement('BEDS', '床位数', { unit: '张', aggregation: 'last_value' }),
    dataElement('LE_VALUE', '人均预期寿命', { unit: '岁', aggregation: 'population_weighted_mean', weightElement: 'POP' }),
    dataElement('LIVE_BIRTHS_M', '活产数（月报）', { periodType: 'month' }),
    dataElement('INFANT_DEATHS_M', '婴儿死亡数（月报）', { periodType: 'month' }),
  ];
}

export function worldIndicators(): IndicatorDefinition[] {
  return [
    { code: 'IMR', name: { zh: '婴儿死亡率', en: 'Infant mortality rate' }, unit: '‰', polarity: 'lower_is_better', periodType: 'year', aggregation: 'ratio_of_sums', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS', factor: 1000 },
    { code: 'BEDS_PER_1000', name: { zh: '每千人口床位数' }, unit: '张', polarity: 'higher_is_better', periodType: 'year', aggregation: 'ratio_of_sums', numerator: 'BEDS', denominator: 'POP', factor: 1000 },
    { code: 'LE', name: { zh: '人均预期寿命' }, unit: '岁', polarity: 'higher_is_better', periodType: 'year', aggregation: 'population_weighted_mean', formula: 'LE_VALUE' },
    { code: 'IMR_M', name: { zh: '婴儿死亡率（月报）' }, unit: '‰', polarity: 'lower_is_better', periodType: 'month', aggregation: 'ratio_of_sums', numerator: 'INFANT_DEATHS_M', denominator: 'LIVE_BIRTHS_M', factor: 1000 },
  ];
}

const SOURCE = { source: { document: '测试规划（虚构）' }, verification: 'confirmed_text' as const };

/** Province targets of the test plan (all confirmed, all with the province as scope). */
export function worldTargets(): Target[] {
  const t = (indicator: string, milestoneYear: number, spec: Target['spec'], wording: string, baseline?: { year: number; value?: number }): Target => ({
    framework: 'test-plan', indicator, scope: { region: '130000' }, milestoneYear, spec, wording, ...(baseline ? { baseline } : {}), provenance: SOURCE,
  });
  return [
    t('IMR', 2025, { kind: 'threshold', op: 'le', value: 4.5 }, '婴儿死亡率下降到4.5‰及以下', { year: 2020 }),
    t('BEDS_PER_1000', 2025, { kind: 'threshold', op: 'ge', value: 7 }, '每千人口床位数达到7张', { year: 2020 }),
    t('LE', 2025, { kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'at_least' }, '在2020年基础上提高1岁', { year: 2020 }),
    t('IMR_M', 2025, { kind: 'threshold', op: 'le', value: 4.5 }, '婴儿死亡率（月报）不高于4.5‰', { year: 2020 }),
  ];
}

/** Regions, elements, indicators, the framework and its targets. */
export async function seedWorld(db: Kysely<DB>): Promise<void> {
  const repos = createRepositories(db);
  await repos.regions.upsertMany(worldRegions());
  await repos.metadata.upsertDataElements(worldElements());
  await repos.metadata.upsertIndicators(worldIndicators());
  await repos.frameworks.upsertFramework({ code: 'test-plan', name: { zh: '测试规划', en: 'Test plan' }, jurisdiction: '130000', startYear: 2020, endYear: 2025 });
  await repos.frameworks.upsertGroups('test-plan', [{ code: 'G1', name: { zh: '总体目标' } }]);
  await repos.frameworks.upsertFrameworkIndicators('test-plan', worldIndicators().map((i, n) => ({ indicator: i.code, group: 'G1', sortOrder: n })));
  await repos.targets.upsertTargets(worldTargets());
}

/** Store values as the content loader would (final: no form collects them). */
export async function store(db: Kysely<DB>, values: readonly DataValueInput[], actor = 'loader'): Promise<void> {
  await createRepositories(db).dataValues.upsert(values, { actor });
}

export const v = (dataElement: string, region: string, period: string, value: number | null): DataValueInput => ({ dataElement, region, period, value });

const COUNTIES = [...COUNTIES_SJZ, ...COUNTIES_TS]; // 130102 130104 130105 | 130202 130203

/** The data set, county by county in COUNTIES order. */
export function worldData(): DataValueInput[] {
  const out: DataValueInput[] = [];
  const each = (element: string, period: string, values: readonly number[]) => COUNTIES.forEach((c, i) => out.push(v(element, c, period, values[i]!)));
  each('INFANT_DEATHS', '2020', [6, 5, 4, 7, 8]);
  each('INFANT_DEATHS', '2024', [5, 4, 5, 6, 5]);
  each('INFANT_DEATHS', '2025', [4, 3, 5, 6, 4]);
  for (const year of ['2020', '2024', '2025']) each('LIVE_BIRTHS', year, [1000, 1000, 1000, 1000, 1000]);
  for (const year of ['2020', '2025']) each('POP', year, [100_000, 100_000, 100_000, 100_000, 100_000]);
  each('BEDS', '2020', [600, 500, 500, 700, 200]);
  each('BEDS', '2025', [800, 600, 700, 900, 350]);
  each('LE_VALUE', '2020', [77, 78, 79, 76, 78]);
  each('LE_VALUE', '2025', [78, 79, 80, 77, 78]);
  out.push(v('LE_VALUE', '130000', '2025', 78.7)); // the province's own life-table figure
  each('LIVE_BIRTHS_M', '2020M06', [1000, 1000, 1000, 1000, 1000]);
  each('INFANT_DEATHS_M', '2020M06', [6, 6, 6, 6, 6]);
  for (let m = 1; m <= 9; m++) {
    const month = `2025M0${m}`;
    each('LIVE_BIRTHS_M', month, [100, 100, 100, 100, 100]);
    each('INFANT_DEATHS_M', month, [m === 8 ? 1 : 0, 0, 0, m === 9 ? 1 : 0, 0]);
  }
  return out;
}

/** A two-item scheme small enough to score by hand. */
export const SCHEME = {
  code: 'test-scheme', version: '1', name: { zh: '测试考核', en: 'Test assessment' }, totalPoints: 100, vetoPolicy: { zeroTotal: false },
  gradeBands: [
    { grade: 'excellent', label: { zh: '优秀', en: 'Excellent' }, minScore: 90 },
    { grade: 'pass', label: { zh: '合格', en: 'Pass' }, minScore: 60 },
    { grade: 'fail', label: { zh: '不合格', en: 'Fail' }, minScore: 0 },
  ],
  dimensions: [{
    code: 'D1', name: { zh: '健康', en: 'Health' }, points: 100,
    items: [
      { code: 'IMR', indicator: 'IMR', name: { zh: '婴儿死亡率', en: 'IMR' }, polarity: 'lower_is_better', points: 50, rule: 'linear', params: { floor: 6, target: 4 } },
      { code: 'BEDS', indicator: 'BEDS_PER_1000', name: { zh: '床位', en: 'Beds' }, polarity: 'higher_is_better', points: 50, rule: 'full_if_met', params: { target: 7 } },
    ],
  }],
};

