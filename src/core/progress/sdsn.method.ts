/**
 * `sdsn`: the trend method of the SDSN Sustainable Development Report (SDG Index and
 * Dashboards). The linear annual rate achieved over the assessed period is compared with
 * the linear annual rate needed to reach the target by the target year:
 *
 *   achieved = d·(y_i − y_s)/(t_i − t_s),  needed = d·(y_T − y_s)/(T − t_s),  r = achieved / needed
 *
 *   on track or maintaining achievement: the target is met, or r ≥ 1;
 *   moderately improving: 0.5 ≤ r < 1 ("above 50 % of the required rate, insufficient to attain the goal");
 *   stagnating: achieved ≥ 0 and r < 0.5 ("stagnating or increasing at less than 50 % of the required rate");
 *   decreasing: achieved < 0.
 *
 * SDSN computes the rates on indicator scores rescaled to 0–100 between fixed bounds. That
 * rescaling is affine (and flips lower-is-better indicators), so the ratio r is the same on
 * raw values; only SDSN's capping of scores at the bounds is not reproduced.
 */
import { annualChangeStillRequired, buildResult, categoryTable, checkParamNames, meets, prepareSeries, unableResult, windowParam } from './series.js';
import type { ProgressInput, ProgressMethod, ProgressResult } from './types.js';

export interface SdsnParams {
  /** Years before the latest value where the assessed period starts; null = from the baseline. */
  readonly windowYears: number | null;
}

export const SDSN_THRESHOLDS = { onTrack: 1, moderatelyImproving: 0.5, stagnating: 0 } as const;

const categories = categoryTable([
  ['decreasing', '倒退', 'Decreasing'],
  ['stagnating', '停滞', 'Stagnating (below 50 % of the required rate)'],
  ['moderately_improving', '温和改善', 'Moderately improving, insufficient to attain the target'],
  ['on_track', '按计划推进或保持达标', 'On track or maintaining achievement'],
]);

const meta = { name: 'sdsn', version: '1.0.0', categories };

export const sdsnMethod: ProgressMethod<SdsnParams> = {
  ...meta,
  description: {
    zh: '可持续发展解决方案网络（SDSN）SDG指数趋势法：实际线性年变化与达标所需年变化之比',
    en: 'SDSN SDG Index trend method: linear annual rate achieved over the rate needed',
  },
  resolveParams(raw) {
    const p = checkParamNames('sdsn', raw, ['windowYears']);
    return { windowYears: windowParam('sdsn', p) };
  },
  evaluate(input: ProgressInput, params: SdsnParams): ProgressResult {
    const prepared = prepareSeries(input, { windowYears: params.windowYears });
    if (!input.target) {
      return unableResult(meta, params, input, prepared, 'no_target', {
        zh: 'SDSN 趋势法需要数值目标',
        en: 'the SDSN trend method needs a numeric target',
      });
    }
    if (!prepared.start || !prepared.current) return unableResult(meta, params, input, prepared, 'target', prepared.unable!);
    const { start, current, d } = prepared;
    const target = prepared.target!;
    if (target.t <= start.t) {
      return unableResult(meta, params, input, prepared, 'target', {
        zh: '目标年份不晚于评估期起点，无法计算所需年变化',
        en: 'the target year is not after the start of the assessed period; no required rate exists',
      });
    }
    const achieved = (d * (current.value - start.value)) / (current.t - start.t);
    const needed = (d * (target.value - start.value)) / (target.t - start.t);
    const targetMet = meets(current.value, target.value, d);
    const maintaining = targetMet && meets(start.value, target.value, d);
    // needed ≤ 0 only when the start already met the target; then "not met now" means achieved < 0.
    const ratio = needed > 0 ? achieved / needed : null;
    let status: string;
    if (targetMet) status = 'on_track';
    else if (achieved < 0) status = 'decreasing';
    else if (ratio === null) status = 'stagnating';
    else if (ratio >= SDSN_THRESHOLDS.onTrack) status = 'on_track';
    else if (ratio >= SDSN_THRESHOLDS.moderatelyImproving) status = 'moderately_improving';
    else status = 'stagnating';
    return buildResult(meta, params, input, prepared, {
      variant: 'target',
      status,
      measures: {
        achievedAnnualRate: achieved,
        neededAnnualRate: needed,
        ratio,
        targetMet,
        maintainingAchievement: maintaining,
        annualChangeStillRequired: annualChangeStillRequired(current, target),
      },
    });
  },
};
