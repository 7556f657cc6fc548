/**
 * Weighted least-squares straight line with a prediction interval, for projecting recent
 * annual values to a milestone year.
 *
 * Model: y_i = a + b·t_i + ε_i with Var(ε_i) = σ²/w_i (weights are precisions, so an older
 * point with weight 0.5 counts as a point twice as noisy). With W = Σw_i,
 * t̄ = Σw_i t_i / W, ȳ = Σw_i y_i / W, Sxx = Σw_i (t_i − t̄)², Sxy = Σw_i (t_i − t̄)(y_i − ȳ):
 *   b = Sxy / Sxx,  ŷ(t) = ȳ + b·(t − t̄),
 *   σ̂² = Σw_i (y_i − ŷ(t_i))² / (n − 2)                      (n ≥ 3),
 *   Var[y_new(t₀) − ŷ(t₀)] = σ̂²·(1/w₀ + 1/W + (t₀ − t̄)²/Sxx),  w₀ = 1 (a full-weight new year),
 *   interval: ŷ(t₀) ± t_{(1+c)/2, n−2}·√Var.
 */
import { VitalsError } from '../errors.js';
import { studentTQuantile } from './student-t.js';

export interface WeightedPoint {
  readonly t: number;
  readonly value: number;
  readonly weight: number;
}

export interface WeightedLinearFit {
  readonly n: number;
  readonly slope: number;
  /** ŷ at `center` (the weighted mean time): the fit is ŷ(t) = level + slope·(t − center). */
  readonly level: number;
  readonly center: number;
  readonly sumWeights: number;
  readonly sxx: number;
  /** σ̂² with n − 2 degrees of freedom; null when n < 3 (a line through two points has no residuals). */
  readonly residualVariance: number | null;
  readonly degreesOfFreedom: number;
}

export interface Prediction {
  readonly t: number;
  readonly value: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly standardError: number | null;
  readonly tQuantile: number | null;
  readonly confidence: number;
}

function invalid(detail: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail }, { detail });
}

/** Fits the weighted line. @throws VITALS_E_INVALID_INPUT for non-finite values, weights ≤ 0 or fewer than two distinct times. */
export function weightedLinearFit(points: readonly WeightedPoint[]): WeightedLinearFit {
  points.forEach((p, i) => {
    if (![p.t, p.value, p.weight].every(Number.isFinite)) throw invalid(`fit point ${i} has a non-finite t, value or weight`);
    if (p.weight <= 0) throw invalid(`fit point ${i} has weight ${p.weight}; weights must be > 0`);
  });
  const W = points.reduce((s, p) => s + p.weight, 0);
  const center = points.reduce((s, p) => s + p.weight * p.t, 0) / W;
  const mean = points.reduce((s, p) => s + p.weight * p.value, 0) / W;
  const sxx = points.reduce((s, p) => s + p.weight * (p.t - center) ** 2, 0);
  if (points.length < 2 || !(sxx > 0)) throw invalid('a linear fit needs at least two distinct times');
  const sxy = points.reduce((s, p) => s + p.weight * (p.t - center) * (p.value - mean), 0);
  const slope = sxy / sxx;
  const n = points.length;
  const dof = n - 2;
  const residualVariance =
    dof > 0 ? points.reduce((s, p) => s + p.weight * (p.value - (mean + slope * (p.t - center))) ** 2, 0) / dof : null;
  return { n, slope, level: mean, center, sumWeights: W, sxx, residualVariance, degreesOfFreedom: dof };
}

/** ŷ(t₀) with its prediction interval at `confidence` (e.g. 0.9); bounds are null when n < 3. */
export function predict(fit: WeightedLinearFit, t0: number, confidence: number, newWeight = 1): Prediction {
  const value = fit.level + fit.slope * (t0 - fit.center);
  if (fit.residualVariance === null) {
    return { t: t0, value, lower: null, upper: null, standardError: null, tQuantile: null, confidence };
  }
  const variance = fit.residualVariance * (1 / newWeight + 1 / fit.sumWeights + (t0 - fit.center) ** 2 / fit.sxx);
  const se = Math.sqrt(variance);
  const q = studentTQuantile((1 + confidence) / 2, fit.degreesOfFreedom);
  return { t: t0, value, lower: value - q * se, upper: value + q * se, standardError: se, tQuantile: q, confidence };
}
