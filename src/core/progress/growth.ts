/**
 * Growth-rate machinery shared by the `statcan` and `eurostat` methods: the sign rule for
 * all-negative series, the replacement of zero base or target values, and the scaling
 * factor that lowers growth thresholds near a natural limit.
 *
 * Source: Statistics Canada's progress methodology for the Canadian Indicator Framework as
 * published with Open SDG (docs/progress-methodology.md in open-sdg/open-sdg) and its
 * reference implementation (sdg/ProgressMeasure.py in open-sdg/sdg-build). See
 * docs/methods/progress.md for what is confirmed and what is Vitals' choice.
 */
import type { LocalizedLabel, ProgressWarning, TimePoint } from './types.js';

/** Values ready for CAGR arithmetic, after the sign rule and zero replacement. */
export interface GrowthBasis {
  /** −1 when the series is negative: the desired direction flips (StatCan's rule). */
  readonly sign: 1 | -1;
  readonly start: TimePoint;
  readonly current: TimePoint;
  readonly target: TimePoint | null;
  /** Which of start/target were zero and replaced by ±zeroReplacement. */
  readonly replaced: readonly ('start' | 'target')[];
}

export type GrowthBasisOutcome = { readonly ok: true; readonly basis: GrowthBasis } | { readonly ok: false; readonly reason: LocalizedLabel };

/**
 * Applies StatCan's preconditions for an exponential (CAGR) model:
 * - a zero base or target value is replaced by `zeroReplacement` (0.001 by default);
 *   for an all-negative series by −zeroReplacement (Vitals' mirror of the rule, so that
 *   negating every value and flipping the polarity gives the same status);
 * - all values must share one sign, otherwise the series cannot be assessed.
 * The current value may be zero (a growth of −100 %).
 */
export function growthBasis(start: TimePoint, current: TimePoint, target: TimePoint | null, zeroReplacement: number): GrowthBasisOutcome {
  const firstNonZero = [start.value, current.value, target?.value ?? 0].find((v) => v !== 0) ?? 1;
  const sign: 1 | -1 = firstNonZero < 0 ? -1 : 1;
  const replaced: ('start' | 'target')[] = [];
  let startValue = start.value;
  if (startValue === 0) {
    startValue = sign * zeroReplacement;
    replaced.push('start');
  }
  let targetPoint = target;
  if (target && target.value === 0) {
    targetPoint = { t: target.t, value: sign * zeroReplacement };
    replaced.push('target');
  }
  const sameSign = sign * startValue > 0 && sign * current.value >= 0 && (!targetPoint || sign * targetPoint.value > 0);
  if (!sameSign) {
    return {
      ok: false,
      reason: {
        zh: '增长率方法要求所有数值同为正或同为负，本序列（含目标值）正负号不一致',
        en: 'the growth-rate method needs all values (and the target) to be positive, or all negative',
      },
    };
  }
  return { ok: true, basis: { sign, start: { t: start.t, value: startValue }, current, target: targetPoint, replaced } };
}

/** Exponent `a` of the scaling factor, as in Open SDG's sdg-build (ProgressMeasure.py). */
export const STATCAN_LIMIT_EXPONENT = 4.44;

/**
 * StatCan's scaling factor C ∈ [0, 1] for thresholds near a natural limit, on magnitudes
 * b = |y0| and L = |limit|, for the effective direction e = sign × d:
 * - e = +1 (a maximum limit, 0 ≤ b < L):  C = 1 − (b / L)^a;
 * - e = −1 (a minimum limit):             C = 1 when b ≥ 2L, else C = 1 − ((2L − b) / L)^a;
 * - a base value at or beyond the limit gives C = 0 (and a warning when strictly beyond).
 */
export function limitScalingFactor(
  startValue: number,
  limit: number,
  effectiveDirection: 1 | -1,
  exponent = STATCAN_LIMIT_EXPONENT,
): { readonly factor: number; readonly warning?: ProgressWarning } {
  const b = Math.abs(startValue);
  const L = Math.abs(limit);
  const beyond = (): ProgressWarning => ({
    code: 'VITALS_W_NEAR_NATURAL_LIMIT',
    message: `base value ${startValue} is beyond the natural limit ${limit}; thresholds above 0 are reduced to 0`,
  });
  if (effectiveDirection === 1) {
    if (b > L) return { factor: 0, warning: beyond() };
    if (L === 0) return { factor: 0 };
    return { factor: 1 - Math.pow(b / L, exponent) };
  }
  if (b >= 2 * L) return { factor: 1 };
  if (b < L) return { factor: 0, warning: beyond() };
  return { factor: 1 - Math.pow((2 * L - b) / L, exponent) };
}

/**
 * True when the limit is meaningful for this series: it has the series' sign (or is 0).
 * A limit of the other sign cannot be a bound the values approach.
 */
export function limitApplies(limit: number, sign: 1 | -1): boolean {
  return sign * limit >= 0;
}
