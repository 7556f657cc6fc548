import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { buildRegionTree, resolveRegionName, stripRegionSuffix, type ResolveRegionOptions } from './index.js';
import { FIXTURE_REGIONS } from './region.fixtures.js';

const tree = buildRegionTree(FIXTURE_REGIONS);

function failure(name: string, options?: ResolveRegionOptions): VitalsError {
  try {
    resolveRegionName(tree, name, options);
  } catch (e) {
    expect(e).toBeInstanceOf(VitalsError);
    return e as VitalsError;
  }
  throw new Error(`expected ${name} to fail`);
}

describe('stripRegionSuffix', () => {
  it.each([
    ['石家庄市', '石家庄'],
    ['河北省', '河北'],
    ['长安区', '长安'],
    ['井陉矿区', '井陉'],
    ['神农架林区', '神农架'],
    ['建北街道', '建北'],
    ['西兆通镇', '西兆通'],
    ['赵县', '赵'],
    ['锡林郭勒盟', '锡林郭勒'],
    ['孟村回族自治县', '孟村'],
    ['恩施土家族苗族自治州', '恩施'],
    ['积石山保安族东乡族撒拉族自治县', '积石山'],
    ['伊犁哈萨克自治州', '伊犁'], // official name without 族
    ['巴音郭楞蒙古自治州', '巴音郭楞'],
    ['内蒙古自治区', '内蒙古'], // must not lose 蒙古
    ['新疆维吾尔自治区', '新疆'],
    ['广西壮族自治区', '广西'],
    ['香港特别行政区', '香港'],
    ['县', '县'], // never stripped to nothing
    ['　石家庄市 ', '石家庄'], // full-width space
  ])('%s → %s', (name, short) => expect(stripRegionSuffix(name)).toBe(short));
});

describe('resolveRegionName', () => {
  it.each<[string, ResolveRegionOptions, string]>([
    ['石家庄市', {}, '130100'],
    ['石家庄', {}, '130100'], // not 石家庄镇 (a township in 山西)
    ['石家庄镇', {}, '140925103'],
    ['石家庄', { level: 'township' }, '140925103'],
    [' 石家庄 市 ', {}, '130100'],
    ['130102', {}, '130102'],
    ['１３０１０２', {}, '130102'], // full-width digits
    ['孟村', {}, '130930'],
    ['孟村回族自治县', {}, '130930'],
    ['朝阳区', { within: '220000' }, '220104'],
    ['朝阳区', { within: '110000' }, '110105'],
    ['朝阳', { level: 'prefecture' }, '211300'],
    ['朝阳', { level: 'county', within: '210000' }, '211321'],
    ['长安', { within: '130000' }, '130102'],
    ['桥西区', { within: '130100' }, '130104'],
    ['吉林省/朝阳区', {}, '220104'],
    ['长春市 朝阳区', {}, '220104'],
    ['河北省 > 石家庄市 > 长安区', {}, '130102'],
    ['东城街道', {}, '441900003'],
    ['长安区人民医院', {}, '130102-H001'],
    // Abolished regions: a current one wins without a date; a date selects the old one.
    ['辛', {}, '135015'],
    ['辛', { asOf: '2019-06-01' }, '135005'],
    ['甲县', {}, '135001'],
    ['135001', {}, '135001'],
  ])('%j %j → %s', (name, options, code) => {
    expect(resolveRegionName(tree, name, options).code).toBe(code);
  });

  it('an exact name wins over a suffix-less match (朝阳区 is not 朝阳县)', () => {
    const error = failure('朝阳区');
    expect(error.code).toBe('VITALS_E_AMBIGUOUS_REGION');
    expect(error.details).toEqual({
      name: '朝阳区',
      candidates: ['110105 北京市›市辖区›朝阳区', '220104 吉林省›长春市›朝阳区'],
    });
    expect(error.message).toContain('110105 北京市›市辖区›朝阳区');
  });

  it.each<[string, ResolveRegionOptions, string[]]>([
    ['朝阳', {}, ['110105', '211300', '211321', '220104']],
    ['长安区', {}, ['130102', '610116']],
    ['桥西区', { within: '130000' }, ['130104', '130703']],
    ['井陉', {}, ['130107', '130121']], // 井陉矿区 and 井陉县
  ])('%j %j is ambiguous between %j', (name, options, expected) => {
    const error = failure(name, options);
    expect(error.code).toBe('VITALS_E_AMBIGUOUS_REGION');
    expect((error.details as { candidates: string[] }).candidates.map((c) => c.slice(0, 6))).toEqual(expected);
  });

  it.each<[string, ResolveRegionOptions]>([
    ['海淀区', {}],
    ['石家庄', { level: 'county' }],
    ['朝阳区', { within: '130000' }],
    ['甲县', { asOf: '2022-01-01' }],
    ['', {}],
  ])('%j %j is unknown', (name, options) => {
    const error = failure(name, options);
    expect(error.code).toBe('VITALS_E_UNKNOWN_REGION');
    expect(error.message).toContain(name);
  });

  it('rejects an unknown scope', () => {
    expect(failure('朝阳区', { within: '990000' }).code).toBe('VITALS_E_UNKNOWN_REGION');
  });
});
