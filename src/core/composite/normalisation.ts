/**
 * Normalisation onto a common scale, with direction applied so that higher is always better
 * afterwards. Formulas (x raw, optionally ln x; [a, b] the output range; d = direction):
 * - minmax: t = (x − lo)/(hi − lo) (higher) or (hi − x)/(hi − lo) (lower); y = a + (b − a)·t,
 *   lo/hi fixed goalposts or observed bounds; `clamp` caps t to [0, 1].
 * - zscore: y = m + s·d·(x − x̄)/sd (sample sd), scale [m, s] default [0, 1].
 * - target: t = min(1, (x − lo)/(T − lo)) (higher) or min(1, (hi − x)/(hi − T)) (lower).
 * - rank: ascending average ranks of d·x (1 = worst, n = best).
 * - percentile: t = (rank − 1)/(n − 1) onto [a, b].
 * - none: d·x.
 */
import { VitalsError } from '../errors.js';
import { averageRanks, mean, sampleSd } from './stats.js';
import type { Direction, NormalisationRecord, NormalisationSpec } from './types.js';

export interface NormaliseInput {
  readonly indicator: string;
  readonly direction: Direction;
  readonly target?: number;
  readonly units: readonly string[];
  readonly values: ReadonlyArray<number | null>;
}

export function normaliseIndicator(spec: NormalisationSpec, input: NormaliseInput): { values: Array<number | null>; record: NormalisationRecord } {
  const { indicator, direction, units } = input;
  const higher = direction === 'higher_is_better';
  const sign = higher ? 1 : -1;
  const [a, b] = spec.range ?? [0, 1];
  const log = spec.log === true;
  const raw = input.values.map((x, i) => {
    if (x === null || !log) return x;
    if (!(x > 0)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `indicator ${indicator}, unit ${units[i]}: log normalisation needs values > 0, got ${x}` });
    }
    return Math.log(x);
  });
  const xs = raw.filter((x): x is number => x !== null);
  const out: Array<number | null> = raw.map(() => null);
  const params: Record<string, number | string | boolean | readonly number[]> = { range: [a, b], log };
  let degenerate: string | undefined;
  const each = (f: (x: number) => number): void => raw.forEach((x, i) => (out[i] = x === null ? null : f(x)));
  const scaleT = (t: number): number => a + (b - a) * (spec.clamp ? Math.min(1, Math.max(0, t)) : t);
  const goal = spec.goalposts ? (log ? spec.goalposts.map(Math.log) : [...spec.goalposts]) : null;

  if (xs.length === 0) {
    degenerate = 'no values';
  } else if (spec.method === 'minmax') {
    const lo = goal ? goal[0]! : Math.min(...xs);
    const hi = goal ? goal[1]! : Math.max(...xs);
    Object.assign(params, { lo, hi, bounds: goal ? 'goalposts' : 'observed', clamp: spec.clamp === true });
    if (hi === lo) {
      degenerate = 'all values equal: every unit gets the middle of the range';
      each(() => (a + b) / 2);
    } else each((x) => scaleT(higher ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo)));
  } else if (spec.method === 'zscore') {
    const [m, s] = spec.scale ?? [0, 1];
    const mu = mean(xs);
    const sd = sampleSd(xs);
    Object.assign(params, { mean: mu, sd: Number.isNaN(sd) ? 0 : sd, scale: [m, s] });
    if (!(sd > 0)) {
      degenerate = 'zero variance: every unit gets the scale mean';
      each(() => m);
    } else each((x) => m + s * sign * ((x - mu) / sd));
  } else if (spec.method === 'target') {
    const target = input.target;
    if (target === undefined) throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `indicator ${indicator}: distance-to-target needs a target` });
    const t = log ? Math.log(target) : target;
    const bound = higher ? (goal ? goal[0]! : Math.min(...xs)) : goal ? goal[1]! : Math.max(...xs);
    Object.assign(params, { target: t, [higher ? 'lo' : 'hi']: bound });
    const span = higher ? t - bound : bound - t;
    if (!(span > 0)) {
      degenerate = 'every value is at or beyond the target: all units get the top of the range';
      each(() => b);
    } else each((x) => a + (b - a) * Math.max(spec.clamp ? 0 : -Infinity, Math.min(1, (higher ? x - bound : bound - x) / span)));
  } else if (spec.method === 'rank' || spec.method === 'percentile') {
    const ranks = averageRanks(xs.map((x) => sign * x));
    let k = 0;
    const n = xs.length;
    if (spec.method === 'percentile' && n === 1) degenerate = 'one unit: it gets the middle of the range';
    raw.forEach((x, i) => {
      if (x === null) return;
      const r = ranks[k++]!;
      out[i] = spec.method === 'rank' ? r : n === 1 ? (a + b) / 2 : a + ((b - a) * (r - 1)) / (n - 1);
    });
    params.n = n;
  } else {
    each((x) => sign * x);
  }
  return { values: out, record: { indicator, method: spec.method, direction, params, ...(degenerate ? { degenerate } : {}) } };
}
