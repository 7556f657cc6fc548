import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { englishRegionName, placeInPinyin } from './region-names.js';
import { loadRegions } from './regions.js';

describe('englishRegionName', () => {
  // Expected names checked by hand against the romanisation rules (GB/T 16159: one word,
  // apostrophe before a, o, e) and the names the State Council and NBS use in English.
  it.each([
    ['中华人民共和国', 'nation', [], 'China'],
    ['河北省', 'province', [], 'Hebei'],
    ['陕西省', 'province', [], 'Shaanxi'], // not "Shanxi" (山西)
    ['内蒙古自治区', 'province', [], 'Inner Mongolia'],
    ['新疆维吾尔自治区', 'province', [], 'Xinjiang'],
    ['北京市', 'province', [], 'Beijing'],
    ['石家庄市', 'prefecture', [], 'Shijiazhuang'],
    ['西安市', 'prefecture', [], "Xi'an"], // apostrophe: Xi-an, not Xian
    ['延边朝鲜族自治州', 'prefecture', [], 'Yanbian Korean Autonomous Prefecture'],
    ['锡林郭勒盟', 'prefecture', [], 'Xilingol League'],
    ['长安区', 'county', [], "Chang'an District"],
    ['正定县', 'county', [], 'Zhengding County'],
    ['井陉矿区', 'county', [], 'Jingxing Mining District'],
    ['辛集市', 'county', [], 'Xinji City'],
    ['大城县', 'county', [], 'Dacheng County'], // 大 read dà here, not dài
    ['乐亭县', 'county', [], 'Laoting County'],
    ['望都县', 'county', [], 'Wangdu County'],
    ['清新区', 'county', [], 'Qingxin District'], // 清新 District, not "Qing New Area"
    ['围场满族蒙古族自治县', 'county', [], 'Weichang Manchu and Mongol Autonomous County'],
    ['神农架林区', 'county', [], 'Shennongjia Forestry District'],
    ['河北唐山芦台经济开发区', 'county', ['河北省', '唐山市'], 'Hebei Tangshan Lutai Economic Development Zone'],
    ['南关街道', 'township', [], 'Nanguan Subdistrict'],
  ] as const)('%s → %s', (name, level, ancestors, expected) => {
    expect(englishRegionName(name, level, ancestors)).toBe(expected);
  });

  it('keeps the type word and capitalises the place for any county name made of place-name characters', () => {
    // The characters of the shipped county names (a converter has no reading for rare code points).
    const alphabet = [...new Set(loadRegions().filter((r) => r.level === 'county').flatMap((r) => [...r.name]))].filter((c) => !'县区市旗族治'.includes(c));
    const han = fc.array(fc.constantFrom(...alphabet), { minLength: 2, maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(han, (place) => {
        const english = englishRegionName(`${place}县`, 'county');
        expect(english).toMatch(/ County$/);
        expect(english).toMatch(/^[A-ZÜ]/);
        expect(english).not.toMatch(/[\u4e00-\u9fa5]/);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a place in pinyin with apostrophes only before a, o, e', () => {
    expect(placeInPinyin('长安')).toBe("Chang'an");
    expect(placeInPinyin('石家庄')).toBe('Shijiazhuang');
    expect(placeInPinyin('')).toBe('');
  });
});

describe('loadRegions English names', () => {
  const regions = loadRegions();
  it('gives every shipped region an English name without Chinese characters', () => {
    const bad = regions.filter((r) => !r.nameEn || /[\u4e00-\u9fa5]/.test(r.nameEn));
    expect(bad).toEqual([]);
  });
  it('names Hebei, Shijiazhuang and its districts', () => {
    const en = (code: string) => regions.find((r) => r.code === code)?.nameEn;
    expect([en('000000'), en('130000'), en('130100'), en('130102'), en('130123')]).toEqual(['China', 'Hebei', 'Shijiazhuang', "Chang'an District", 'Zhengding County']);
  });
});
