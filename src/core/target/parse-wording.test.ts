import { describe, expect, it } from 'vitest';
import type { WordingContext } from './parse-wording.js';
import { parseTargetWording } from './parse-wording.js';
import type { TargetSpec } from './types.js';

const HIGHER: WordingContext = { polarity: 'higher_is_better' };
const LOWER: WordingContext = { polarity: 'lower_is_better' };
const about = (value: number): TargetSpec => ({ kind: 'approx', value, tolerance: 0.05, toleranceMode: 'relative' });

// [wording, context, expected spec, expected confidence] — forms met in the seeds and reference tables.
const cases: [string, WordingContext, TargetSpec, 'exact' | 'partial' | 'unparsed'][] = [
  // comparators
  ['≥22', HIGHER, { kind: 'threshold', op: 'ge', value: 22 }, 'exact'],
  ['<7', LOWER, { kind: 'threshold', op: 'lt', value: 7 }, 'exact'],
  ['>90', HIGHER, { kind: 'threshold', op: 'gt', value: 90 }, 'exact'],
  ['≤5.2', LOWER, { kind: 'threshold', op: 'le', value: 5.2 }, 'exact'],
  ['>11.5', {}, { kind: 'threshold', op: 'gt', value: 11.5 }, 'exact'],
  ['不低于46.6%', HIGHER, { kind: 'threshold', op: 'ge', value: 46.6 }, 'exact'],
  ['全省癌症5年生存率不低于46.6%', HIGHER, { kind: 'threshold', op: 'ge', value: 46.6 }, 'exact'],
  ['不少于2.16名', HIGHER, { kind: 'threshold', op: 'ge', value: 2.16 }, 'exact'],
  ['超过39.3%', HIGHER, { kind: 'threshold', op: 'gt', value: 39.3 }, 'exact'],
  ['分别低于5.5%', LOWER, { kind: 'threshold', op: 'lt', value: 5.5 }, 'exact'],
  ['下降到237/10万及以下', LOWER, { kind: 'threshold', op: 'le', value: 237 }, 'exact'],
  ['70岁以下人群慢性呼吸系统疾病死亡率下降到8.1/10万及以下', LOWER, { kind: 'threshold', op: 'le', value: 8.1 }, 'exact'],
  ['控制在3‰以下', LOWER, { kind: 'threshold', op: 'le', value: 3 }, 'exact'],
  ['提高至7.5张', HIGHER, { kind: 'threshold', op: 'ge', value: 7.5 }, 'exact'],
  ['达到85%以上', HIGHER, { kind: 'threshold', op: 'ge', value: 85 }, 'exact'],
  ['60%以上', HIGHER, { kind: 'threshold', op: 'ge', value: 60 }, 'exact'],
  ['稳定在98%及以上', HIGHER, { kind: 'threshold', op: 'ge', value: 98 }, 'exact'],
  ['3岁以下婴幼儿千人口托位数达到2.9个以上', HIGHER, { kind: 'threshold', op: 'ge', value: 2.9 }, 'exact'],
  ['65岁及以上老年人城乡社区规范健康管理服务率达到65%', HIGHER, { kind: 'threshold', op: 'ge', value: 65 }, 'exact'],
  ['人均预期寿命达到80岁以上', HIGHER, { kind: 'threshold', op: 'ge', value: 80 }, 'exact'],
  // 达到 = at least in the better direction
  ['达到29%', HIGHER, { kind: 'threshold', op: 'ge', value: 29 }, 'exact'],
  ['达到12', LOWER, { kind: 'threshold', op: 'le', value: 12 }, 'exact'],
  ['达到29%', {}, { kind: 'threshold', op: 'ge', value: 29 }, 'partial'],
  ['25.0', HIGHER, { kind: 'threshold', op: 'ge', value: 25 }, 'exact'],
  // counts and ranges
  ['80个以上', HIGHER, { kind: 'count', op: 'ge', value: 80 }, 'exact'],
  ['到2025年在全省建设健康县区80个以上', HIGHER, { kind: 'count', op: 'ge', value: 80 }, 'exact'],
  ['到2025年在全省建设健康促进医院100所以上', HIGHER, { kind: 'count', op: 'ge', value: 100 }, 'exact'],
  ['1-2个', {}, { kind: 'range', min: 1, max: 2 }, 'exact'],
  ['1—2个', {}, { kind: 'range', min: 1, max: 2 }, 'exact'],
  // about
  ['27左右', LOWER, about(27), 'partial'],
  ['70左右', HIGHER, about(70), 'partial'],
  ['10%左右', HIGHER, about(10), 'partial'],
  // changes
  ['在2020年基础上继续提高1岁左右', HIGHER, { kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'about', tolerance: 0.05 }, 'partial'],
  ['比2015年降低30%', LOWER, { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, 'exact'],
  ['与2015年相比下降3个百分点以上', LOWER, { kind: 'change', baselineYear: 2015, mode: 'absolute', amount: -3, comparison: 'at_least' }, 'exact'],
  ['提高1岁左右', { ...HIGHER, baselineYear: 2020 }, { kind: 'change', baselineYear: 2020, mode: 'absolute', amount: 1, comparison: 'about', tolerance: 0.05 }, 'partial'],
  ['提高1岁左右', HIGHER, { kind: 'qualitative', direction: 'increase' }, 'partial'],
  ['力争每年降低0.5个百分点以上', LOWER, { kind: 'annual_change', mode: 'absolute', amount: -0.5, comparison: 'at_least' }, 'exact'],
  ['每年提升1—3个百分点', HIGHER, { kind: 'annual_change', mode: 'absolute', amount: 1, comparison: 'at_least' }, 'partial'],
  // maintain, direction, slowing growth
  ['保持稳定', {}, { kind: 'maintain', reference: 'baseline', tolerance: 0.02, toleranceMode: 'relative' }, 'partial'],
  ['持续提升', HIGHER, { kind: 'direction', direction: 'increase', strictness: 'overall' }, 'exact'],
  ['逐年下降', LOWER, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }, 'exact'],
  ['持续下降', LOWER, { kind: 'direction', direction: 'decrease', strictness: 'overall' }, 'exact'],
  ['逐年增加', HIGHER, { kind: 'direction', direction: 'increase', strictness: 'each_year' }, 'exact'],
  ['持续改善', LOWER, { kind: 'direction', direction: 'decrease', strictness: 'overall' }, 'partial'],
  ['糖尿病治疗率、控制率和并发症筛查率持续提高', HIGHER, { kind: 'direction', direction: 'increase', strictness: 'overall' }, 'exact'],
  ['持续减缓', {}, { kind: 'slowing_growth' }, 'exact'],
  ['成人肥胖增长率持续减缓', {}, { kind: 'slowing_growth' }, 'exact'],
  ['上升趋势减缓', {}, { kind: 'slowing_growth' }, 'exact'],
  ['增速下降', {}, { kind: 'slowing_growth' }, 'exact'],
  // qualitative with a direction
  ['明显改善', HIGHER, { kind: 'qualitative', direction: 'increase' }, 'partial'],
  ['明显改善', {}, { kind: 'qualitative' }, 'partial'],
  ['明显下降', LOWER, { kind: 'qualitative', direction: 'decrease' }, 'partial'],
  ['有所下降', LOWER, { kind: 'qualitative', direction: 'decrease' }, 'partial'],
  ['力争实现较大提升', HIGHER, { kind: 'qualitative', direction: 'increase' }, 'partial'],
  // achievement, proportional
  ['实现', {}, { kind: 'achieve' }, 'exact'],
  ['建立', {}, { kind: 'achieve' }, 'exact'],
  ['同比例提高', { ...HIGHER, referenceIndicator: 'LE', baselineYear: 2020 }, { kind: 'proportional', referenceIndicator: 'LE', baselineYear: 2020 }, 'exact'],
  ['同比例提高', HIGHER, { kind: 'qualitative', direction: 'increase' }, 'partial'],
  // benchmarks
  ['达到全国平均水平', HIGHER, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'reach' }, 'exact'],
  ['优于全国平均水平', HIGHER, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, 'exact'],
  ['孕产妇死亡率、婴儿死亡率和5岁以下儿童死亡率均优于国家平均水平', LOWER, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, 'exact'],
  ['低于国家平均水平', LOWER, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, 'exact'],
  ['高于全省平均水平', { ...HIGHER, parentRegion: '130000' }, { kind: 'benchmark', benchmarkRegion: '130000', relation: 'above' }, 'exact'],
  [
    '保持低于国家平均水平并逐年下降',
    LOWER,
    { kind: 'all', parts: [{ kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }] },
    'exact',
  ],
  ['达到90%以上并持续提升', HIGHER, { kind: 'all', parts: [{ kind: 'threshold', op: 'ge', value: 90 }, { kind: 'direction', direction: 'increase', strictness: 'overall' }] }, 'exact'],
  // coverage
  ['每个县(市、区)建成1所', {}, { kind: 'coverage', subLevel: 'county', share: 1, perUnit: 1 }, 'exact'],
  ['每个设区市至少建设4家互联网医院', {}, { kind: 'coverage', subLevel: 'prefecture', share: 1, perUnit: 4 }, 'exact'],
  ['县级全覆盖', {}, { kind: 'coverage', subLevel: 'county', share: 1 }, 'exact'],
  ['设区市全覆盖', {}, { kind: 'coverage', subLevel: 'prefecture', share: 1 }, 'exact'],
  ['实现职业病诊断机构设区市全覆盖', {}, { kind: 'coverage', subLevel: 'prefecture', share: 1 }, 'exact'],
  ['国医堂乡镇社区全覆盖', {}, { kind: 'coverage', subLevel: 'township', share: 1 }, 'exact'],
  ['安宁疗护病房覆盖所有县(市、区)', {}, { kind: 'coverage', subLevel: 'county', share: 1 }, 'exact'],
  ['全覆盖', { unit: '%' }, { kind: 'threshold', op: 'ge', value: 100 }, 'partial'],
  ['远程医疗网络实现全覆盖', {}, { kind: 'achieve' }, 'partial'],
  // counts of things built or trained, shares
  ['全省建成社区医院150家', {}, { kind: 'count', op: 'ge', value: 150 }, 'exact'],
  ['培养2000名骨干人才', {}, { kind: 'count', op: 'ge', value: 2000 }, 'exact'],
  ['2万名“能西会中”的中西医复合型人才', {}, { kind: 'count', op: 'ge', value: 20000 }, 'partial'],
  ['国家卫生县城数量占比40%', HIGHER, { kind: 'threshold', op: 'ge', value: 40 }, 'exact'],
  ['到2023年,省、市、县三级疾控机构完成改革', {}, { kind: 'achieve' }, 'partial'],
  ['二级以上医疗机构全部设置公共卫生科', { unit: '%' }, { kind: 'threshold', op: 'ge', value: 100 }, 'partial'],
  ['到2027年,力争所有设区市创建为国家卫生城市', {}, { kind: 'coverage', subLevel: 'prefecture', share: 1 }, 'exact'],
  ['到2023年底前各市建设150家营养健康餐厅(食堂)', {}, { kind: 'coverage', subLevel: 'prefecture', share: 1, perUnit: 150 }, 'exact'],
  ['每100万至200万人口设置1-2个市办三级综合医院', {}, { kind: 'range', min: 1, max: 2 }, 'partial'],
  ['建设60个省级、100个市级、120个县级临床重点专科', {}, { kind: 'qualitative' }, 'unparsed'],
  // full-width characters and ％
  ['≥２２', HIGHER, { kind: 'threshold', op: 'ge', value: 22 }, 'exact'],
  ['８５％以上', HIGHER, { kind: 'threshold', op: 'ge', value: 85 }, 'exact'],
  ['　不低于　４６．６％　', HIGHER, { kind: 'threshold', op: 'ge', value: 46.6 }, 'exact'],
  ['＞９０', HIGHER, { kind: 'threshold', op: 'gt', value: 90 }, 'exact'],
  ['１～２个', {}, { kind: 'range', min: 1, max: 2 }, 'exact'],
  ['比２０１５年降低３０％', LOWER, { kind: 'change', baselineYear: 2015, mode: 'relative', amount: -0.3, comparison: 'at_least' }, 'exact'],
  // not understood: qualitative, unparsed — never a guess
  ['5岁以下儿童生长迟缓率分别低于5.5%、5%和4.5%', LOWER, { kind: 'qualitative' }, 'unparsed'],
  ['100；70', HIGHER, { kind: 'qualitative' }, 'unparsed'],
  ['逐年增加5%或达到40%', HIGHER, { kind: 'qualitative' }, 'unparsed'],
  ['—', {}, { kind: 'qualitative' }, 'unparsed'],
  ['', {}, { kind: 'qualitative' }, 'unparsed'],
  ['医疗服务模式实现转型升级', {}, { kind: 'achieve' }, 'partial'],
  ['15分钟医疗服务圈', {}, { kind: 'qualitative' }, 'unparsed'],
  ['高于全省平均水平', HIGHER, { kind: 'qualitative' }, 'unparsed'],
];

describe('parseTargetWording', () => {
  it.each(cases.map(([w, c, s, conf]) => [w, JSON.stringify(c), c, s, conf]))('%s %s', (wording, _label, context, spec, confidence) => {
    const parsed = parseTargetWording(wording, context);
    expect(parsed.spec).toEqual(spec);
    expect(parsed.confidence).toBe(confidence);
  });

  it('explains every assumption in its notes', () => {
    expect(parseTargetWording('力争每年降低0.5个百分点以上').notes).toContain('力争 (strive to) is read as the target itself');
    expect(parseTargetWording('27左右').notes.join()).toContain('±5% of 27');
    expect(parseTargetWording('达到29%').notes.join()).toContain('polarity');
    expect(parseTargetWording('5岁以下儿童生长迟缓率分别低于5.5%、5%和4.5%').notes.join()).toContain('3 figures');
  });

  it('flags a wording whose direction contradicts the polarity', () => {
    const parsed = parseTargetWording('提高至7.5张', LOWER);
    expect(parsed.spec).toEqual({ kind: 'threshold', op: 'ge', value: 7.5 });
    expect(parsed.confidence).toBe('partial');
  });

  it('keeps the readable part of a compound wording and says what it left out', () => {
    const parsed = parseTargetWording('达到90%以上并群众满意度较高', HIGHER);
    expect(parsed.confidence).toBe('partial');
    expect(parsed.spec).toEqual({ kind: 'threshold', op: 'ge', value: 90 });
  });

  it('reads a count as a rate when the indicator unit is a rate', () => {
    expect(parseTargetWording('80个以上', { unit: '个/万人' }).spec).toEqual({ kind: 'threshold', op: 'ge', value: 80 });
  });

  it('never throws, even on values that are not text', () => {
    expect(parseTargetWording(undefined as unknown as string).confidence).toBe('unparsed');
    expect(parseTargetWording(42 as unknown as string).spec).toEqual({ kind: 'qualitative' });
  });
});
