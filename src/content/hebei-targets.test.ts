import { describe, expect, it } from 'vitest';
import type { TargetSpec } from '../core/target/types.js';
import { contentDir, readContentText } from './files.js';
import { loadFrameworks, targetsFor } from './frameworks.js';
import type { ContentTarget } from './types.js';

// Expected figures are read from the plan text (冀卫发〔2023〕5号), not from the loader's output.
const hebei = loadFrameworks().find((f) => f.code === 'healthy-hebei-2023-2027')!;
const planText = readContentText(contentDir(), 'frameworks/sources/healthy-hebei-2023-2027.txt');

function find(indicator: string, year: number, scope: string | { level: string } = '130000'): ContentTarget {
  const found = hebei.targets.filter(
    (t) => t.indicator === indicator && t.milestoneYear === year && (typeof scope === 'string' ? 'region' in t.scope && t.scope.region === scope : 'level' in t.scope && t.scope.level === scope.level),
  );
  expect(found, `${indicator} ${year}`).toHaveLength(1);
  return found[0]!;
}

/** The threshold part of a spec (itself, or inside `all`). */
function threshold(spec: TargetSpec): Extract<TargetSpec, { kind: 'threshold' }> | undefined {
  if (spec.kind === 'threshold') return spec;
  return spec.kind === 'all' ? spec.parts.map(threshold).find(Boolean) : undefined;
}

describe('Healthy Hebei 2023–2027', () => {
  it('keeps every wording verbatim from the plan text (fragments joined by …… each verbatim)', () => {
    const missing = hebei.targets.flatMap((t) => t.wording.split('……').filter((part) => !planText.includes(part)).map((part) => `${t.id}: ${part}`));
    expect(missing).toEqual([]);
  });

  it('is fully verified from the seed text and sets milestones only for 2023, 2025 and 2027', () => {
    expect(hebei.targets.filter((t) => t.provenance.verification !== 'confirmed_text')).toEqual([]);
    expect(new Set(hebei.targets.map((t) => t.milestoneYear))).toEqual(new Set([2023, 2025, 2027]));
    expect(hebei.targets.every((t) => t.provenance.source.document === '健康河北建设行动方案(2023—2027年)（冀卫发〔2023〕5号）')).toBe(true);
  });

  it('lists the seed\'s 2025 figures: beds 7.5, doctors 3.5, nurses 3.8 per 1,000 and 80+ healthy counties', () => {
    const of2025 = targetsFor(hebei, 2025);
    const byIndicator = (code: string) => of2025.find((t) => t.indicator === code)!;
    expect(threshold(byIndicator('BEDS_PER_1000').spec)).toEqual({ kind: 'threshold', op: 'ge', value: 7.5 });
    expect(threshold(byIndicator('DOCTORS_PER_1000').spec)).toEqual({ kind: 'threshold', op: 'ge', value: 3.5 });
    expect(threshold(byIndicator('NURSES_PER_1000').spec)).toEqual({ kind: 'threshold', op: 'ge', value: 3.8 });
    for (const code of ['BEDS_PER_1000', 'DOCTORS_PER_1000', 'NURSES_PER_1000']) {
      expect(byIndicator(code).wording).toContain('每千人口床位数、医师数、护士数分别提高至7.5张、3.5人和3.8人');
      expect(byIndicator(code).provenance.source.clause).toBe('二、总体目标 ——医疗服务能力和质量大幅提升');
    }
    expect(byIndicator('HEALTHY_COUNTIES').spec).toEqual({ kind: 'count', op: 'ge', value: 80 });
    expect(byIndicator('HEALTHY_COUNTIES').wording).toContain('健康县区80个以上');
  });

  it.each([
    // [indicator, year, spec, wording substring]
    ['STUNTING_U5', 2023, { kind: 'threshold', op: 'lt', value: 5.5 }, '分别低于5.5%、5%和4.5%'],
    ['STUNTING_U5', 2025, { kind: 'threshold', op: 'lt', value: 5 }, '分别低于5.5%、5%和4.5%'],
    ['STUNTING_U5', 2027, { kind: 'threshold', op: 'lt', value: 4.5 }, '分别低于5.5%、5%和4.5%'],
    ['HEALTH_LITERACY', 2027, { kind: 'threshold', op: 'ge', value: 29 }, '居民健康素养水平达到29%'],
    ['CHILDCARE_PLACES_PER_1000', 2023, { kind: 'threshold', op: 'ge', value: 2.9 }, '千人口托位数达到2.9个以上'],
    ['CHILDCARE_PLACES_PER_1000', 2025, { kind: 'threshold', op: 'ge', value: 4.5 }, '千人口托位数达到4.5个'],
    ['CVD_MORTALITY', 2027, { kind: 'threshold', op: 'le', value: 237 }, '237/10万及以下'],
    ['CANCER_5Y_SURVIVAL', 2027, { kind: 'threshold', op: 'ge', value: 46.6 }, '不低于46.6%'],
    ['LE', 2023, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'reach' }, '达到全国平均水平'],
    ['LE', 2025, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, '优于全国平均水平'],
    ['IMR', 2027, { kind: 'benchmark', benchmarkRegion: '000000', relation: 'better' }, '婴儿死亡率'],
    ['PALLIATIVE_WARDS', 2025, { kind: 'coverage', subLevel: 'county', share: 1 }, '覆盖所有县(市、区)'],
    ['CHILDCARE_GUIDANCE_CENTERS', 2027, { kind: 'coverage', subLevel: 'county', share: 1, perUnit: 1 }, '每个县(市、区)建设1所'],
    ['OCC_EXAM_INSTITUTIONS', 2025, { kind: 'coverage', subLevel: 'county', share: 1 }, '县级全覆盖'],
    ['INTERNET_HOSPITALS', 2023, { kind: 'coverage', subLevel: 'prefecture', share: 1, perUnit: 4 }, '每个设区市至少建设4家互联网医院'],
    ['ADULT_OBESITY', 2025, { kind: 'slowing_growth' }, '成人肥胖增长率持续减缓'],
    ['NEW_NATIONAL_HEALTH_CITIES', 2025, { kind: 'range', min: 3, max: 5 }, '3-5个设区市'],
    [
      'PREMATURE_NCD_MORTALITY',
      2027,
      { kind: 'all', parts: [{ kind: 'benchmark', benchmarkRegion: '000000', relation: 'below' }, { kind: 'direction', direction: 'decrease', strictness: 'each_year' }] },
      '保持低于国家平均水平并逐年下降',
    ],
  ] as const)('%s %i reads as the plan states it', (indicator, year, spec, wording) => {
    const target = find(indicator, year);
    expect(target.spec).toEqual(spec);
    expect(target.wording).toContain(wording);
  });

  it('scopes a target every township must reach on its own at the township level', () => {
    const vaccination = find('IMMUNIZATION_COVERAGE', 2025, { level: 'township' });
    expect(vaccination.scope).toEqual({ level: 'township', within: '130000' });
    expect(vaccination.spec).toEqual({ kind: 'threshold', op: 'ge', value: 90 });
  });

  it('names the cities that must keep their national hygienic city title', () => {
    const keep = hebei.targets.filter((t) => t.indicator === 'NATIONAL_HEALTH_CITY' && t.milestoneYear === 2025);
    // 石家庄 130100, 秦皇岛 130300, 张家口 130700
    expect(keep.map((t) => ('region' in t.scope ? t.scope.region : ''))).toEqual(['130100', '130300', '130700']);
  });
});
