/**
 * `statcan`: Statistics Canada's progress assessment for the Canadian Indicator Framework
 * (the SDG progress methodology StatCan contributed to Open SDG, released in Open SDG 2.4.0).
 *
 * With a target:  R = s·d·CAGR_obs / |CAGR_req|, CAGR_obs = (y_i/y_0)^(1/(t_i−t_0)) − 1,
 *                 CAGR_req = (y_T/y_0)^(1/(T−t_0)) − 1;
 *   target achieved, else R ≥ 0.95 on track; 0.60 ≤ R < 0.95 progress made but acceleration
 *   needed; 0 ≤ R < 0.60 limited progress; R < 0 deterioration.
 * Without a target: g = s·d·CAGR_obs against 1.5 %·C, 0.5 %·C and 0 (C = limit scaling factor).
 * Score −5…+5: linear transforms published with the method (see `statcanScore*`).
 */
import { annualChangeStillRequired, buildResult, categoryTable, checkParamNames, meets, numberParam, prepareSeries } from './series.js';
import { STATCAN_LIMIT_EXPONENT } from './growth.js';
import { nearLimitScaling, prepareGrowthRatio, requiredGrowthRatio } from './growth-ratio.js';
import type { ProgressInput, ProgressMethod, ProgressResult } from './types.js';

export interface StatcanParams {
  /** Replacement for a zero base or target value (StatCan default 0.001; "care should be taken"). */
  readonly zeroReplacement: number;
}

/** Published thresholds (fixed: the method is only StatCan's with these numbers). */
export const STATCAN_THRESHOLDS = {
  target: { onTrack: 0.95, acceleration: 0.6, limited: 0 },
  noTarget: { onTrack: 0.015, acceleration: 0.005, limited: 0 },
} as const;

const categories = categoryTable([
  ['deterioration', '退步', 'Deterioration'],
  ['limited_progress', '进展有限', 'Limited progress'],
  ['acceleration_needed', '有进展但需加速', 'Progress made but acceleration needed'],
  ['on_track', '按计划推进', 'On track'],
  ['target_achieved', '已实现目标', 'Target achieved'],
]);

/**
 * Score for the target variant: −5 at R ≤ −60 %, linear to 0 at R = 60 %, linear to +5 at
 * R = 130 %, +5 above (StatCan, Figure 2). A reached target scores 5 regardless of R.
 * The published slopes 4.1667 and 7.1429 are 5/1.2 and 5/0.7; the exact fractions are used.
 */
export function statcanScoreWithTarget(ratio: number): number {
  if (ratio >= 1.3) return 5;
  if (ratio >= 0.6) return ((ratio - 0.6) * 5) / 0.7;
  if (ratio >= -0.6) return -5 + ((ratio + 0.6) * 5) / 1.2;
  return -5;
}

/**
 * Score for the no-target variant (StatCan, Figure 1), with thresholds scaled by C:
 * −5 at g ≤ −2 %; −5→−2.5 on [−2 %, 0]; −2.5→0 on [0, 0.5 %·C]; 0→2.5 on [0.5 %·C, 1.5 %·C];
 * 2.5→5 on [1.5 %·C, 2 %·C]; +5 above. With C = 0 (base at the limit) any g ≥ 0 scores 5.
 */
export function statcanScoreNoTarget(growth: number, scaling = 1): number {
  if (growth < 0) return Math.max(125 * growth - 2.5, -5);
  if (scaling === 0) return 5;
  const g = growth / scaling; // back onto the unscaled axis
  if (g >= 0.015) return Math.min(500 * g - 5, 5);
  if (g >= 0.005) return 250 * g - 1.25;
  return 500 * g - 2.5;
}

/** Status implied by a score (used when scores of several series are averaged, as StatCan does). */
export function statcanStatusFromScore(score: number): string {
  if (score >= 2.5) return 'on_track';
  if (score >= 0) return 'acceleration_needed';
  if (score >= -2.5) return 'limited_progress';
  return 'deterioration';
}

/** Category for a growth-rate ratio R (target variant), published thresholds. */
export function statcanCategoryForRatio(r: number): string {
  const th = STATCAN_THRESHOLDS.target;
  if (r >= th.onTrack) return 'on_track';
  if (r >= th.acceleration) return 'acceleration_needed';
  if (r >= th.limited) return 'limited_progress';
  return 'deterioration';
}

/** Category for a directed growth rate g (no-target variant) with scaling factor C. */
export function statcanCategoryForGrowth(g: number, scaling = 1): string {
  const th = STATCAN_THRESHOLDS.noTarget;
  if (g >= th.onTrack * scaling) return 'on_track';
  if (g >= th.acceleration * scaling) return 'acceleration_needed';
  if (g >= th.limited) return 'limited_progress';
  return 'deterioration';
}

const meta = { name: 'statcan', version: '1.0.0', categories };

export const statcanMethod: ProgressMethod<StatcanParams> = {
  ...meta,
  description: {
    zh: '加拿大统计局（加拿大指标框架）进展评估：实际复合年均增长率与达标所需增长率之比',
    en: "Statistics Canada's progress assessment (Canadian Indicator Framework): observed CAGR over the CAGR required",
  },
  resolveParams(raw) {
    const p = checkParamNames('statcan', raw, ['zeroReplacement']);
    return { zeroReplacement: numberParam('statcan', p, 'zeroReplacement', 0.001, { min: 0, minExclusive: true }) };
  },
  evaluate(input: ProgressInput, params: StatcanParams): ProgressResult {
    const prepared = prepareSeries(input);
    const outcome = prepareGrowthRatio(meta, params, input, prepared, params.zeroReplacement, {
      zh: '目标年份不晚于基线年份，无法计算所需增长率',
      en: 'the target year is not after the baseline year; no required growth rate exists',
    });
    if (!outcome.ok) return outcome.result;
    const { basis, observed, warnings, common } = outcome.value;
    const d = prepared.d;

    if (basis.target && prepared.target) {
      const { required, ratio } = requiredGrowthRatio(basis, basis.target, observed, d);
      const achieved = meets(basis.current.value, prepared.target.value, d);
      // CAGR_req = 0 (target equals base): not achieved means the value moved the wrong way.
      const status = achieved ? 'target_achieved' : ratio === null ? 'deterioration' : statcanCategoryForRatio(ratio);
      const score = achieved ? 5 : ratio === null ? -5 : statcanScoreWithTarget(ratio);
      return buildResult(meta, params, input, prepared, {
        variant: 'target',
        status,
        score,
        measures: {
          ...common,
          requiredCagr: required,
          ratio,
          targetAchieved: achieved,
          annualChangeStillRequired: annualChangeStillRequired(basis.current, prepared.target),
        },
        warnings,
      });
    }

    const scaling = nearLimitScaling(input.limit, basis, d, STATCAN_LIMIT_EXPONENT, warnings, (base, limit, c) => `base value ${base} is near the natural limit ${limit}: thresholds above 0 scaled by C = ${c}`);
    const growth = basis.sign * d * observed;
    const status = scaling === 0 && growth >= 0 ? 'on_track' : statcanCategoryForGrowth(growth, scaling);
    return buildResult(meta, params, input, prepared, {
      variant: 'no_target',
      status,
      score: statcanScoreNoTarget(growth, scaling),
      measures: { ...common, directedGrowth: growth, scalingFactor: scaling },
      warnings,
    });
  },
};
