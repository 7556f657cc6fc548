/**
 * Small, hand-made fixtures for database tests: a slice of the real hierarchy (nation, Hebei,
 * Shijiazhuang with two districts, Beijing with one), a few data elements and indicators.
 * Codes and names are the real GB/T 2260 ones from ../shared/reference/admin.
 */
import type { DataElement, IndicatorDefinition } from '../../src/core/indicator/types.js';
import type { Region } from '../../src/core/region/types.js';
import { createRepositories, type DataValueInput } from '../../src/storage/index.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/storage/index.js';

const FROM = '1980-01-01';

export function region(code: string, name: string, level: Region['level'], parentCode: string | null, extra: Partial<Region> = {}): Region {
  return { code, name, level, parentCode, validFrom: FROM, validTo: null, ...extra };
}

/** nation → 河北省 → 石家庄市 → 长安区, 桥西区; nation → 北京市 → 市辖区 → 东城区. */
export function sampleRegions(): Region[] {
  return [
    region('000000', '全国', 'nation', null),
    region('130000', '河北省', 'province', '000000'),
    region('130100', '石家庄市', 'prefecture', '130000'),
    region('130102', '长安区', 'county', '130100'),
    region('130104', '桥西区', 'county', '130100'),
    region('110000', '北京市', 'province', '000000'),
    region('110100', '市辖区', 'prefecture', '110000'),
    region('110101', '东城区', 'county', '110100'),
  ];
}

export function dataElement(code: string, zh: string, extra: Partial<DataElement> = {}): DataElement {
  return { code, name: { zh }, unit: '人', aggregation: 'sum', periodType: 'year', ...extra };
}

export function sampleDataElements(): DataElement[] {
  return [
    dataElement('LIVE_BIRTHS', '活产数'),
    dataElement('INFANT_DEATHS', '婴儿死亡数'),
    dataElement('POP', '常住人口数'),
    dataElement('BEDS', '医疗卫生机构床位数', { unit: '张', aggregation: 'last_value' }),
  ];
}

export function sampleIndicators(): IndicatorDefinition[] {
  return [
    {
      code: 'IMR',
      name: { zh: '婴儿死亡率', en: 'Infant mortality rate' },
      unit: '‰',
      polarity: 'lower_is_better',
      periodType: 'year',
      aggregation: 'ratio_of_sums',
      numerator: 'INFANT_DEATHS',
      denominator: 'LIVE_BIRTHS',
      factor: 1000,
    },
    {
      code: 'BEDS_PER_1000',
      name: { zh: '每千人口医疗卫生机构床位数' },
      unit: '张',
      polarity: 'higher_is_better',
      periodType: 'year',
      aggregation: 'ratio_of_sums',
      formula: 'BEDS / POP * 1000',
    },
  ];
}

/** Store the sample regions, data elements and indicators. */
export async function seedBasics(db: Kysely<DB>): Promise<void> {
  const repos = createRepositories(db);
  await repos.regions.upsertMany(sampleRegions());
  await repos.metadata.upsertDataElements(sampleDataElements());
  await repos.metadata.upsertIndicators(sampleIndicators());
}

/**
 * A deterministic grid of values: every (element × county × year) with value
 * `base + index`, so expected numbers can be computed by hand.
 */
export function valueGrid(elements: readonly string[], regions: readonly string[], periods: readonly string[], base = 100): DataValueInput[] {
  const out: DataValueInput[] = [];
  let index = 0;
  for (const dataElement of elements) for (const region of regions) for (const period of periods) out.push({ dataElement, region, period, value: base + index++ });
  return out;
}
