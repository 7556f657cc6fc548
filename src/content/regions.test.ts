import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../core/diagnostics.js';
import { contentDir } from './files.js';
import { loadRegions, regionsFromRows } from './regions.js';

// Data lines of a shipped CSV, counted from the raw text (not through the loader).
function dataLines(file: string): string[] {
  const bytes = readFileSync(join(contentDir(), file));
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return text.split(/\r?\n/).slice(1).filter((line) => line.trim() !== '');
}

describe('loadRegions', () => {
  const regions = loadRegions();
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const at = (level: string) => regions.filter((r) => r.level === level);

  it('puts the nation on top and loads the 31 provinces under it', () => {
    expect(regions[0]).toMatchObject({ code: '000000', name: '中华人民共和国', level: 'nation', parentCode: null });
    expect(at('nation')).toHaveLength(1);
    // 34 province rows − 香港, 澳门, 台湾 (no nbs_region, no divisions) = 31.
    expect(at('province')).toHaveLength(31);
    expect(at('province').every((p) => p.parentCode === '000000')).toBe(true);
  });

  it('loads every county row except the three prefecture-level cities repeated as their own county', () => {
    const rows = dataLines('regions/cn_counties.csv');
    const selfRows = rows.filter((line) => {
      const [code, , prefecture] = line.split(',');
      return code === prefecture;
    });
    // 东莞 441900, 中山 442000, 儋州 460400 appear as counties with their own prefecture code.
    expect(selfRows.map((l) => l.split(',')[0])).toEqual(['441900', '442000', '460400']);
    expect(at('county')).toHaveLength(rows.length - 3);
    expect(byCode.get('441900')?.level).toBe('prefecture');
  });

  it('drops placeholder prefectures and hangs their counties on the province', () => {
    const placeholders = dataLines('regions/cn_prefectures.csv').filter((l) => l.endsWith(',1'));
    expect(placeholders).toHaveLength(9); // 市辖区 ×4, 县 (重庆), 省直辖 ×4
    expect(at('prefecture')).toHaveLength(dataLines('regions/cn_prefectures.csv').length - 9);
    expect(byCode.has('110100')).toBe(false);
    expect(byCode.get('110101')).toMatchObject({ name: '东城区', level: 'county', parentCode: '110000' });
    expect(byCode.get('500229')).toMatchObject({ name: '城口县', parentCode: '500000' });
    expect(byCode.get('419001')).toMatchObject({ name: '济源市', parentCode: '410000' });
  });

  it('keeps the NBS statistical-only flag and dates every region from the 2023 code list', () => {
    expect(byCode.get('130171')).toMatchObject({ name: '石家庄高新技术产业开发区', statisticalOnly: true });
    expect(byCode.get('130102')?.statisticalOnly).toBeUndefined();
    expect(regions.every((r) => r.validFrom === '1980-01-01' && r.validTo === null)).toBe(true);
  });

  it('gives Hebei 11 cities and 190 county rows, 23 of them statistical-only (167 counties)', () => {
    const hebei = regions.filter((r) => r.code.startsWith('13') && r.level === 'county');
    expect(at('prefecture').filter((r) => r.parentCode === '130000')).toHaveLength(11);
    expect(hebei).toHaveLength(190);
    expect(hebei.filter((r) => r.statisticalOnly)).toHaveLength(23);
  });

  it('loads townships on request, under their county (or the county-less prefecture)', () => {
    const all = loadRegions({ townships: true, allProvinces: true });
    const townships = all.filter((r) => r.level === 'township');
    expect(townships).toHaveLength(dataLines('regions/cn_townships.csv.gz').length);
    expect(all.find((r) => r.code === '110101001')).toMatchObject({ name: '东华门街道', parentCode: '110101' });
    const dongguan = townships.find((t) => t.code.startsWith('441900'));
    expect(dongguan?.parentCode).toBe('441900');
    expect(all.filter((r) => r.level === 'province')).toHaveLength(34);
  });
});

describe('regionsFromRows', () => {
  const province = { code: '130000', code2: '13', name: '河北省', short_name: '河北', level: 'province', nbs_region: '华北' };
  const city = { code: '130100', code4: '1301', name: '石家庄市', province_code: '130000', is_placeholder: '0' };

  it.each([
    ['an unknown prefecture', { code: '130102', name: '长安区', prefecture_code: '139900', province_code: '130000', nbs_statistical_only: '0' }, 'regions/cn_counties.csv → row 1 (130102): prefecture 139900 is not in regions/cn_prefectures.csv'],
    ['a bad flag', { code: '130102', name: '长安区', prefecture_code: '130100', province_code: '130000', nbs_statistical_only: 'yes' }, 'regions/cn_counties.csv → row 1 (130102): nbs_statistical_only must be 0 or 1, got "yes"'],
    ['a missing name', { code: '130102', name: '', prefecture_code: '130100', province_code: '130000', nbs_statistical_only: '0' }, 'regions/cn_counties.csv → row 1 (130102): code, name and prefecture_code are required'],
  ])('reports %s with file, row and reason', (_, county, message) => {
    const d = new Diagnostics();
    regionsFromRows({ provinces: [province], prefectures: [city], counties: [county] }, d);
    expect(d.errors.map((e) => `${e.path.join(' → ')}: ${e.message}`)).toEqual([message]);
  });
});
