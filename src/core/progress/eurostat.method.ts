/**
 * `eurostat`: the trend assessment of Eurostat's SDG monitoring report ("Sustainable
 * development in the European Union").
 *
 * With a target: the ratio of the observed CAGR to the CAGR required to reach the target
 * from the start of the assessed period, R = s·d·CAGR_obs / |CAGR_req|:
 *   R ≥ 95 % significant progress; 60 % ≤ R < 95 % moderate progress; 0 ≤ R < 60 %
 *   insufficient progress; R < 0 movement away from the target.
 * Without a target: the observed CAGR in the desired direction g = s·d·CAGR_obs against fixed
 * rates: g ≥ 1 % significant progress; 0 ≤ g < 1 % moderate progress; −1 % ≤ g < 0 moderate
 * movement away; g < −1 % significant movement away.
 * Eurostat assesses a long-term (≈15-year) and a short-term (5-year) trend: `windowYears`.
 *
 * ATTENTION: the stored sources available while writing this did not let us read Eurostat's
 * own methodological annex; thresholds and categories follow the report as we know it and
 * StatCan's statement that its method is Eurostat's. docs/methods/progress.md lists what is
 * unconfirmed (boundary inclusivity, near-limit handling, negative values, zero values).
 */
import { annualChangeStillRequired, buildResult, categoryTable, checkParamNames, enumParam, meets, numberParam, prepareSeries, windowParam } from './series.js';
import { nearLimitScaling, prepareGrowthRatio, requiredGrowthRatio } from './growth-ratio.js';
import type { ProgressInput, ProgressMethod, ProgressResult } from './types.js';

export interface EurostatParams {
  /** Length of the assessed period in years ending at the latest value (5 = short-term); null = from the baseline. */
  readonly windowYears: number | null;
  /** Replacement for a zero start or target value (as StatCan; Eurostat's rule unconfirmed). */
  readonly zeroReplacement: number;
  /** Near a natural limit: `scale` positive no-target thresholds by StatCan's factor C, or `none`. */
  readonly nearLimit: 'scale' | 'none';
}

export const EUROSTAT_THRESHOLDS = {
  target: { significant: 0.95, moderate: 0.6, insufficient: 0 },
  noTarget: { significant: 0.01, moderate: 0, movingAway: -0.01 },
} as const;

const targetCategories = categoryTable([
  ['movement_away', '偏离目标', 'Movement away from the target'],
  ['insufficient_progress', '进展不足', 'Insufficient progress towards the target'],
  ['moderate_progress', '进展一般', 'Moderate progress towards the target'],
  ['significant_progress', '进展显著', 'Significant progress towards the target'],
]);

const noTargetCategories = categoryTable([
  ['significant_movement_away', '明显偏离发展目标', 'Significant movement away from the objective'],
  ['moderate_movement_away', '轻度偏离发展目标', 'Moderate movement away from the objective'],
  ['moderate_progress', '进展一般', 'Moderate progress towards the objective'],
  ['significant_progress', '进展显著', 'Significant progress towards the objective'],
]);

// The two variants share codes for the top two categories; one table of six keeps every
// code unique with a rank that is monotone within each variant.
const categories = categoryTable([
  ['significant_movement_away', '明显偏离发展目标', 'Significant movement away from the objective'],
  ['movement_away', '偏离目标', 'Movement away from the target'],
  ['moderate_movement_away', '轻度偏离发展目标', 'Moderate movement away from the objective'],
  ['insufficient_progress', '进展不足', 'Insufficient progress towards the target'],
  ['moderate_progress', '进展一般', 'Moderate progress'],
  ['significant_progress', '进展显著', 'Significant progress'],
]);

/** Categories of each variant, worst to best (for documentation and tests). */
export const EUROSTAT_VARIANT_CATEGORIES = { target: targetCategories, noTarget: noTargetCategories } as const;

/** Category for a growth-rate ratio R (target variant), published thresholds. */
export function eurostatCategoryForRatio(r: number): string {
  const th = EUROSTAT_THRESHOLDS.target;
  if (r >= th.significant) return 'significant_progress';
  if (r >= th.moderate) return 'moderate_progress';
  if (r >= th.insufficient) return 'insufficient_progress';
  return 'movement_away';
}

/** Category for a directed growth rate g (no-target variant) with scaling factor C. */
export function eurostatCategoryForGrowth(g: number, scaling = 1): string {
  const th = EUROSTAT_THRESHOLDS.noTarget;
  if (scaling === 0 && g >= 0) return 'significant_progress';
  if (g >= th.significant * scaling) return 'significant_progress';
  if (g >= th.moderate) return 'moderate_progress';
  if (g >= th.movingAway) return 'moderate_movement_away';
  return 'significant_movement_away';
}

const meta = { name: 'eurostat', version: '1.0.0', categories };

export const eurostatMethod: ProgressMethod<EurostatParams> = {
  ...meta,
  description: {
    zh: '欧盟统计局可持续发展目标监测报告方法：实际增长率与所需增长率之比；无目标时按固定增长率阈值',
    en: "Eurostat's SDG monitoring report method: observed over required growth rate; fixed growth thresholds without a target",
  },
  resolveParams(raw) {
    const p = checkParamNames('eurostat', raw, ['windowYears', 'zeroReplacement', 'nearLimit']);
    return {
      windowYears: windowParam('eurostat', p),
      zeroReplacement: numberParam('eurostat', p, 'zeroReplacement', 0.001, { min: 0, minExclusive: true }),
      nearLimit: enumParam('eurostat', p, 'nearLimit', ['scale', 'none'] as const, 'scale'),
    };
  },
  evaluate(input: ProgressInput, params: EurostatParams): ProgressResult {
    const prepared = prepareSeries(input, { windowYears: params.windowYears });
    const outcome = prepareGrowthRatio(meta, params, input, prepared, params.zeroReplacement, {
      zh: '目标年份不晚于评估期起点，无法计算所需增长率',
      en: 'the target year is not after the start of the assessed period; no required growth rate exists',
    });
    if (!outcome.ok) return outcome.result;
    const { basis, observed, warnings, common } = outcome.value;
    const d = prepared.d;

    if (basis.target && prepared.target) {
      const { required, ratio } = requiredGrowthRatio(basis, basis.target, observed, d);
      const reached = meets(basis.current.value, prepared.target.value, d);
      // Required CAGR 0 (target equals the start value): judged by whether the target holds.
      const status = ratio === null ? (reached ? 'significant_progress' : 'movement_away') : eurostatCategoryForRatio(ratio);
      return buildResult(meta, params, input, prepared, {
        variant: 'target',
        status,
        measures: { ...common, requiredCagr: required, ratio, targetReached: reached, annualChangeStillRequired: annualChangeStillRequired(basis.current, prepared.target) },
        warnings,
      });
    }

    const scaling =
      params.nearLimit === 'scale'
        ? nearLimitScaling(input.limit, basis, d, undefined, warnings, (start, limit, c) => `start value ${start} is near the natural limit ${limit}: the 1 % threshold scaled by C = ${c}`)
        : 1;
    const growth = basis.sign * d * observed;
    return buildResult(meta, params, input, prepared, {
      variant: 'no_target',
      status: eurostatCategoryForGrowth(growth, scaling),
      measures: { ...common, directedGrowth: growth, scalingFactor: scaling },
      warnings,
    });
  },
};
