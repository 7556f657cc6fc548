/**
 * The growth-ratio assessment shared by `statcan` and `eurostat`: both take the observed CAGR
 * from the start of the assessed period, compare it with the CAGR required to reach the
 * target (ratio R = s·d·CAGR_obs / |CAGR_req|), or without a target use the directed growth
 * g = s·d·CAGR_obs against thresholds scaled near a natural limit. Only the thresholds,
 * categories and scores differ, so those stay in the method modules; the arithmetic and its
 * guards live here once.
 */
import { growthBasis, limitApplies, limitScalingFactor, type GrowthBasis } from './growth.js';
import { cagr, unableResult, type PreparedSeries } from './series.js';
import type { LocalizedLabel, ProgressCategory, ProgressInput, ProgressResult, ProgressWarning } from './types.js';

type MethodMeta = { readonly name: string; readonly version: string; readonly categories: readonly ProgressCategory[] };

/** What both methods need after the series passed the growth-model preconditions. */
export interface GrowthRatioBasis {
  readonly basis: GrowthBasis;
  /** Observed CAGR from the (possibly replaced) start value to the current value. */
  readonly observed: number;
  /** Zero-replacement warnings; callers append their own. */
  readonly warnings: ProgressWarning[];
  /** Measures every result of these methods carries. */
  readonly common: { readonly observedCagr: number; readonly sign: 1 | -1; readonly zeroReplaced: boolean };
}

export type GrowthRatioOutcome = { readonly ok: true; readonly value: GrowthRatioBasis } | { readonly ok: false; readonly result: ProgressResult };

/**
 * Checks the preconditions of the growth-ratio model and computes the observed CAGR:
 * start and current present, a target year after the start (`targetTooEarly` is the
 * method's wording of that failure), and StatCan's sign and zero-replacement rules.
 * A failed precondition comes back as a finished `unable_to_assess` result.
 */
export function prepareGrowthRatio(
  meta: MethodMeta,
  params: object,
  input: ProgressInput,
  prepared: PreparedSeries,
  zeroReplacement: number,
  targetTooEarly: LocalizedLabel,
): GrowthRatioOutcome {
  const variant = input.target ? 'target' : 'no_target';
  const unable = (reason: LocalizedLabel): GrowthRatioOutcome => ({ ok: false, result: unableResult(meta, params, input, prepared, variant, reason) });
  if (!prepared.start || !prepared.current) return unable(prepared.unable!);
  if (prepared.target && prepared.target.t <= prepared.start.t) return unable(targetTooEarly);
  const outcome = growthBasis(prepared.start, prepared.current, prepared.target, zeroReplacement);
  if (!outcome.ok) return unable(outcome.reason);
  const basis = outcome.basis;
  const observed = cagr(basis.start, basis.current);
  const warnings: ProgressWarning[] = basis.replaced.map((which) => ({
    code: 'VITALS_W_MISSING_DATA',
    message: `${which} value 0 replaced by ${basis.sign * zeroReplacement} for the growth-rate model`,
  }));
  return { ok: true, value: { basis, observed, warnings, common: { observedCagr: observed, sign: basis.sign, zeroReplaced: basis.replaced.length > 0 } } };
}

/**
 * The CAGR required from the start to the target, and R = s·d·CAGR_obs / |CAGR_req|.
 * R is null when CAGR_req = 0 (target equals the start value): each method judges that case
 * by whether the target holds.
 */
export function requiredGrowthRatio(basis: GrowthBasis, target: NonNullable<GrowthBasis['target']>, observed: number, d: 1 | -1): { readonly required: number; readonly ratio: number | null } {
  const required = cagr(basis.start, target);
  return { required, ratio: required === 0 ? null : (basis.sign * d * observed) / Math.abs(required) };
}

/**
 * StatCan's threshold scaling factor C for the no-target variant, with its warnings pushed
 * onto `warnings`: 1 without a limit; a limit of the other sign is ignored (warned);
 * `nearMessage` words the warning when 0 < C < 1 (the methods scale different thresholds).
 */
export function nearLimitScaling(
  limit: number | undefined,
  basis: GrowthBasis,
  d: 1 | -1,
  exponent: number | undefined,
  warnings: ProgressWarning[],
  nearMessage: (startValue: number, limit: number, factor: number) => string,
): number {
  if (limit === undefined) return 1;
  if (!limitApplies(limit, basis.sign)) {
    warnings.push({ code: 'VITALS_W_NEAR_NATURAL_LIMIT', message: `limit ${limit} has the other sign than the values and was ignored` });
    return 1;
  }
  const s = limitScalingFactor(basis.start.value, limit, (basis.sign * d) as 1 | -1, exponent);
  if (s.warning) warnings.push(s.warning);
  else if (s.factor < 1) warnings.push({ code: 'VITALS_W_NEAR_NATURAL_LIMIT', message: nearMessage(basis.start.value, limit, s.factor) });
  return s.factor;
}
