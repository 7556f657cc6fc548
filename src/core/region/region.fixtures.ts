/**
 * Test fixtures. Codes and names are copied from /work/shared/reference/admin/ (NBS 2023);
 * the reference carries no dates, so loaded rows get LOADED_FROM. The history of prefecture
 * 135000 示例市 is synthetic (no such prefecture exists) and exercises split, merge, rename
 * and partial cession.
 */
import fc from 'fast-check';
import type { Region, RegionLevel } from './types.js';

export const LOADED_FROM = '1980-01-01';

type Row = readonly [code: string, name: string, parent: string | null, level: RegionLevel, extra?: Partial<Region>];

function region([code, name, parentCode, level, extra]: Row): Region {
  return { code, name, parentCode, level, validFrom: LOADED_FROM, validTo: null, ...extra };
}

// cn_provinces.csv, cn_prefectures.csv, cn_counties.csv, cn_townships.csv (selected rows).
const REAL_ROWS: readonly Row[] = [
  ['000000', '中华人民共和国', null, 'nation'],
  ['110000', '北京市', '000000', 'province'],
  ['130000', '河北省', '000000', 'province'],
  ['210000', '辽宁省', '000000', 'province'],
  ['140000', '山西省', '000000', 'province'],
  ['220000', '吉林省', '000000', 'province'],
  ['440000', '广东省', '000000', 'province'],
  ['610000', '陕西省', '000000', 'province'],
  ['110100', '市辖区', '110000', 'prefecture'],
  ['130100', '石家庄市', '130000', 'prefecture'],
  ['130700', '张家口市', '130000', 'prefecture'],
  ['130900', '沧州市', '130000', 'prefecture'],
  ['140900', '忻州市', '140000', 'prefecture'],
  ['211300', '朝阳市', '210000', 'prefecture'],
  ['220100', '长春市', '220000', 'prefecture'],
  ['441900', '东莞市', '440000', 'prefecture'],
  ['610100', '西安市', '610000', 'prefecture'],
  ['110101', '东城区', '110100', 'county'],
  ['110105', '朝阳区', '110100', 'county'],
  ['130102', '长安区', '130100', 'county'],
  ['130104', '桥西区', '130100', 'county'],
  ['130107', '井陉矿区', '130100', 'county'],
  ['130121', '井陉县', '130100', 'county'],
  ['130123', '正定县', '130100', 'county'],
  ['130171', '石家庄高新技术产业开发区', '130100', 'county', { statisticalOnly: true }],
  ['130703', '桥西区', '130700', 'county'],
  ['130930', '孟村回族自治县', '130900', 'county'],
  ['140925', '宁武县', '140900', 'county'],
  ['211321', '朝阳县', '211300', 'county'],
  ['220104', '朝阳区', '220100', 'county'],
  ['610116', '长安区', '610100', 'county'],
  ['110101001', '东华门街道', '110101', 'township'],
  ['110105001', '建外街道', '110105', 'township'],
  ['130102001', '建北街道', '130102', 'township'],
  ['130102002', '青园街道', '130102', 'township'],
  ['130102100', '西兆通镇', '130102', 'township'],
  ['130104001', '东里街道', '130104', 'township'],
  ['130107001', '矿市街道', '130107', 'township'],
  ['130121100', '微水镇', '130121', 'township'],
  ['130171100', '宋营镇', '130171', 'township'],
  ['140925103', '石家庄镇', '140925', 'township'], // shares 石家庄 with the city
  // 东莞 has no counties: its townships hang directly under the prefecture.
  ['441900003', '东城街道', '441900', 'township'],
  ['441900004', '南城街道', '441900', 'township'],
];

// Synthetic lineage under 135000 示例市 (Hebei digits, no real prefecture uses 1350).
const SYNTHETIC_ROWS: readonly Row[] = [
  ['135000', '示例市', '130000', 'prefecture'],
  // Split: 甲县 → 乙区 + 丙区 on 2021-07-01.
  ['135001', '甲县', '135000', 'county', { validTo: '2021-07-01' }],
  ['135011', '乙区', '135000', 'county', { validFrom: '2021-07-01', predecessors: ['135001'] }],
  ['135012', '丙区', '135000', 'county', { validFrom: '2021-07-01', predecessors: ['135001'] }],
  // Merge: 丁县 + 戊县 → 丁戊区 on 2022-01-01.
  ['135002', '丁县', '135000', 'county', { validTo: '2022-01-01' }],
  ['135003', '戊县', '135000', 'county', { validTo: '2022-01-01' }],
  ['135013', '丁戊区', '135000', 'county', { validFrom: '2022-01-01', predecessors: ['135002', '135003'] }],
  // Partial cession: 己县 continues and gives part of its ground to the new 庚区 on 2023-01-01.
  ['135004', '己县', '135000', 'county'],
  ['135014', '庚区', '135000', 'county', { validFrom: '2023-01-01', predecessors: ['135004'] }],
  // Rename with a new code: 辛县 → 辛区 on 2020-01-01.
  ['135005', '辛县', '135000', 'county', { validTo: '2020-01-01' }],
  ['135015', '辛区', '135000', 'county', { validFrom: '2020-01-01', predecessors: ['135005'] }],
  // A hospital reporting unit under 长安区.
  ['130102-H001', '长安区人民医院', '130102', 'unit', { unitKind: 'hospital' }],
];

export const REAL_REGIONS: readonly Region[] = REAL_ROWS.map(region);
export const SYNTHETIC_REGIONS: readonly Region[] = SYNTHETIC_ROWS.map(region);
export const FIXTURE_REGIONS: readonly Region[] = [...REAL_REGIONS, ...SYNTHETIC_REGIONS];

/** A copy of `code`'s fixture row with some fields replaced (for negative tests). */
export function fixtureRegion(code: string, changes: Partial<Region> = {}): Region {
  const found = FIXTURE_REGIONS.find((r) => r.code === code);
  if (!found) throw new Error(`no fixture ${code}`);
  return { ...found, ...changes };
}

/**
 * Random well-formed trees for property tests: nation → 1–4 provinces → 1–4 prefectures →
 * 1–6 counties, with real-looking codes. `statisticalOnly` is set on some counties when asked.
 */
export function arbitraryRegions(options: { statisticalOnly?: boolean } = {}): fc.Arbitrary<Region[]> {
  const county = fc.record({ statisticalOnly: options.statisticalOnly ? fc.boolean() : fc.constant(false) });
  const prefecture = fc.array(county, { minLength: 1, maxLength: 6 });
  const province = fc.array(prefecture, { minLength: 1, maxLength: 4 });
  return fc.array(province, { minLength: 1, maxLength: 4 }).map((provinces) => {
    const out: Region[] = [region(['000000', '全国', null, 'nation'])];
    provinces.forEach((prefectures, p) => {
      const pp = String(11 + p);
      out.push(region([`${pp}0000`, `省${pp}`, '000000', 'province']));
      prefectures.forEach((counties, f) => {
        const ff = `${pp}${String(f + 1).padStart(2, '0')}`;
        out.push(region([`${ff}00`, `市${ff}`, `${pp}0000`, 'prefecture']));
        counties.forEach((c, k) => {
          const code = `${ff}${String(k + 1).padStart(2, '0')}`;
          out.push(region([code, `县${code}`, `${ff}00`, 'county', c.statisticalOnly ? { statisticalOnly: true } : {}]));
        });
      });
    });
    return out;
  });
}
