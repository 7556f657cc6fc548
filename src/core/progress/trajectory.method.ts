/**
 * `trajectory`: where the value should be now on the path from the baseline (t0, v0) to the
 * target (T, vT), compared with where it is.
 *
 *   linear:    E(t) = v0 + (vT − v0)·(t − t0)/(T − t0)
 *   compound:  E(t) = v0·(vT/v0)^((t − t0)/(T − t0))      (v0, vT non-zero, same sign)
 *   after T:   E(t) = vT
 *
 * The gap is measured as a share of the whole required change, in the good direction:
 *   g = d·(y_t − E(t)) / |vT − v0|
 * and classified with tolerance bands (Vitals' own defaults, all parameters):
 *   ahead g > aheadAbove (0.05); on track −laggingBelow ≤ g ≤ aheadAbove (0.05);
 *   lagging −seriouslyLaggingBelow ≤ g < −laggingBelow (0.20); seriously lagging below that.
 *
 * A baseline that already meets the target has no path to follow: the expected value is the
 * target itself (hold it) and the scale is |vT − v0|, or |vT| when they are equal, or 1.
 */
import { annualChangeStillRequired, buildResult, categoryTable, checkParamNames, enumParam, meets, numberParam, prepareSeries, unableResult } from './series.js';
import type { ProgressInput, ProgressMethod, ProgressResult, TimePoint } from './types.js';
import { VitalsError } from '../errors.js';

export interface TrajectoryParams {
  readonly path: 'linear' | 'compound';
  /** Shares of the required change: above +aheadAbove is ahead. */
  readonly aheadAbove: number;
  /** Below −laggingBelow is lagging. */
  readonly laggingBelow: number;
  /** Below −seriouslyLaggingBelow is seriously lagging. */
  readonly seriouslyLaggingBelow: number;
}

const categories = categoryTable([
  ['seriously_lagging', '严重滞后', 'Seriously lagging'],
  ['lagging', '滞后', 'Lagging'],
  ['on_track', '符合进度', 'On track'],
  ['ahead', '超前', 'Ahead of schedule'],
]);

/**
 * Expected value at time `t` on the path from `baseline` to `target`.
 * Returns null for a compound path that does not exist (zero or sign-changing end points).
 */
export function expectedOnPath(baseline: TimePoint, target: TimePoint, t: number, path: 'linear' | 'compound'): number | null {
  if (t >= target.t) return target.value;
  if (t <= baseline.t) return baseline.value;
  const share = (t - baseline.t) / (target.t - baseline.t);
  if (path === 'linear') return baseline.value + (target.value - baseline.value) * share;
  if (baseline.value === 0 || target.value === 0 || Math.sign(baseline.value) !== Math.sign(target.value)) return null;
  return baseline.value * Math.pow(target.value / baseline.value, share);
}

function classify(g: number, p: TrajectoryParams): string {
  if (g > p.aheadAbove) return 'ahead';
  if (g >= -p.laggingBelow) return 'on_track';
  if (g >= -p.seriouslyLaggingBelow) return 'lagging';
  return 'seriously_lagging';
}

const meta = { name: 'trajectory', version: '1.0.0', categories };

export const trajectoryMethod: ProgressMethod<TrajectoryParams> = {
  ...meta,
  description: {
    zh: '进度轨迹法：按基线到目标的直线或复合增长路径计算当期应达值，与实际值比较',
    en: 'Trajectory: expected value on the straight-line or compound path from baseline to target, compared with the actual value',
  },
  resolveParams(raw) {
    const p = checkParamNames('trajectory', raw, ['path', 'aheadAbove', 'laggingBelow', 'seriouslyLaggingBelow']);
    const params: TrajectoryParams = {
      path: enumParam('trajectory', p, 'path', ['linear', 'compound'] as const, 'linear'),
      aheadAbove: numberParam('trajectory', p, 'aheadAbove', 0.05, { min: 0 }),
      laggingBelow: numberParam('trajectory', p, 'laggingBelow', 0.05, { min: 0 }),
      seriouslyLaggingBelow: numberParam('trajectory', p, 'seriouslyLaggingBelow', 0.2, { min: 0 }),
    };
    if (params.seriouslyLaggingBelow < params.laggingBelow) {
      throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: 'progress method "trajectory": seriouslyLaggingBelow must be ≥ laggingBelow' });
    }
    return params;
  },
  evaluate(input: ProgressInput, params: TrajectoryParams): ProgressResult {
    const prepared = prepareSeries(input);
    if (!input.target) {
      return unableResult(meta, params, input, prepared, 'no_target', { zh: '进度轨迹法需要数值目标', en: 'the trajectory method needs a numeric target' });
    }
    if (!prepared.start || !prepared.current) return unableResult(meta, params, input, prepared, 'target', prepared.unable!);
    const { start, current, d } = prepared;
    const target = prepared.target!;
    if (target.t <= start.t) {
      return unableResult(meta, params, input, prepared, 'target', {
        zh: '目标年份不晚于基线年份，无法构造进度路径',
        en: 'the target year is not after the baseline year; there is no path',
      });
    }
    const requiredChange = target.value - start.value;
    const baselineMeetsTarget = d * requiredChange <= 0;
    let expected: number | null;
    let scale: number;
    if (baselineMeetsTarget) {
      expected = target.value;
      scale = Math.abs(requiredChange) || Math.abs(target.value) || 1;
    } else {
      expected = expectedOnPath(start, target, current.t, params.path);
      scale = Math.abs(requiredChange);
    }
    if (expected === null) {
      return unableResult(meta, params, input, prepared, 'target', {
        zh: '复合增长路径要求基线值与目标值非零且同号',
        en: 'a compound path needs a non-zero baseline and target of the same sign',
      });
    }
    const gap = current.value - expected;
    const gapShare = (d * gap) / scale;
    return buildResult(meta, params, input, prepared, {
      variant: 'target',
      status: classify(gapShare, params),
      measures: {
        expected,
        gap,
        gapShare,
        requiredChange,
        progressShare: requiredChange === 0 ? null : (current.value - start.value) / requiredChange,
        timeShare: Math.min(1, (current.t - start.t) / (target.t - start.t)),
        baselineMeetsTarget,
        targetMet: meets(current.value, target.value, d),
        annualChangeStillRequired: annualChangeStillRequired(current, target),
      },
    });
  },
};
