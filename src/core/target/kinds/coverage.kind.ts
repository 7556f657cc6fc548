/**
 * Coverage over sub-units: `每个县(市、区)建成1所` (each county has ≥ 1), `县级全覆盖`
 * (share 1). A sub-unit is covered when its own value (a count or a 0/1 flag) reaches `perUnit`
 * (default 1); the covered share of the *expected* sub-units must reach `share`. A sub-unit with
 * no value counts as not covered — coverage must be shown, not assumed — and is reported.
 */
import type { RegionLevel } from '../../region/types.js';
import type { AttainmentNote, TargetTest } from '../attainment.types.js';
import { fmt, note } from '../format.js';
import { gapOf, passes } from '../gap.js';
import { latestWithin } from '../series.js';
import type { TargetKindModule } from './kind.js';
import { notEvaluable } from './level.js';

const LEVEL_NAMES: Record<RegionLevel, { zh: string; en: string }> = {
  nation: { zh: '全国', en: 'nation' },
  province: { zh: '省', en: 'province' },
  prefecture: { zh: '设区市', en: 'prefecture city' },
  county: { zh: '县（市、区）', en: 'county' },
  township: { zh: '乡镇（街道）', en: 'township' },
  unit: { zh: '单位', en: 'unit' },
};

export const coverageKind: TargetKindModule<'coverage'> = {
  kind: 'coverage',
  resolve: (spec): TargetTest => {
    const perUnit = spec.perUnit ?? 1;
    const name = LEVEL_NAMES[spec.subLevel];
    const pct = fmt(spec.share * 100);
    const explanation = spec.share === 1
      ? { zh: `${name.zh}全覆盖：每个${name.zh}至少 ${fmt(perUnit)}`, en: `every ${name.en} has at least ${fmt(perUnit)}` }
      : { zh: `至少 ${pct}% 的${name.zh}达到每个至少 ${fmt(perUnit)}`, en: `at least ${pct}% of ${name.en} units have at least ${fmt(perUnit)}` };
    return { type: 'compare', subject: 'covered_share', op: 'ge', threshold: spec.share, perUnit, subLevel: spec.subLevel, explanation };
  },
  evaluate: (spec, ctx) => {
    const required = coverageKind.resolve(spec, { polarity: ctx.polarity, year: ctx.year });
    const expected = [...new Set(ctx.subUnits?.expected ?? [])];
    if (expected.length === 0) {
      return notEvaluable(required, note('VITALS_W_MISSING_DATA', '未提供应覆盖的下级单位名单', 'the list of expected sub-units is not given'));
    }
    const perUnit = spec.perUnit ?? 1;
    const covered: string[] = [];
    const notCovered: string[] = [];
    const missing: string[] = [];
    const used: Record<string, { year: number; value: number }> = {};
    for (const code of expected) {
      const point = latestWithin(ctx.subUnits?.series.get(code) ?? [], ctx.year, ctx.maxStaleness);
      if (!point) missing.push(code);
      else {
        used[code] = point;
        (point.value >= perUnit ? covered : notCovered).push(code);
      }
    }
    const detail = { expected: expected.length, covered, notCovered, missing };
    if (missing.length === expected.length) {
      return notEvaluable(required, note('VITALS_W_MISSING_DATA', `${expected.length}个下级单位均无数据`, `none of the ${expected.length} sub-units has a value`), { coverage: detail });
    }
    const warnings: AttainmentNote[] = [];
    if (missing.length > 0) {
      warnings.push(note(
        'VITALS_W_INCOMPLETE_AGGREGATE',
        `${expected.length}个下级单位中${missing.length}个无数据，按未覆盖计：${missing.join('、')}`,
        `${missing.length} of ${expected.length} sub-units have no value and count as not covered: ${missing.join(', ')}`,
      ));
    }
    const staleCodes = Object.entries(used).filter(([, p]) => p.year < ctx.year).map(([code]) => code);
    if (staleCodes.length > 0) {
      warnings.push(note('VITALS_W_STALE_DATA', `${staleCodes.length}个下级单位使用了${ctx.year}年以前的值`, `${staleCodes.length} sub-units used values from before ${ctx.year}`));
    }
    const share = covered.length / expected.length;
    const years = Object.values(used).map((p) => p.year);
    return {
      status: passes(required as Extract<TargetTest, { type: 'compare' }>, share) ? 'attained' : 'not_attained',
      valueUsed: share,
      valueYear: Math.max(...years),
      baseline: null,
      required,
      gapAbsolute: gapOf(required as Extract<TargetTest, { type: 'compare' }>, share),
      gapPercentOfRequiredChange: null,
      reason: null,
      warnings,
      coverage: detail,
      inputsUsed: { subUnits: used },
    };
  },
};
