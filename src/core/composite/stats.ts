/**
 * Small descriptive statistics used by several steps. Formulas are spelled out in
 * docs/methods/composite.md so that auditors can check them by hand.
 */
import { rankValues } from '../ranking/index.js';

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Sample standard deviation (n − 1 denominator), as R's `sd` and COINr use. */
export function sampleSd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Adjusted Fisher–Pearson sample skewness G1 (Excel SKEW):
 * n / ((n−1)(n−2)) · Σ((x−x̄)/s)³ with s the sample sd. Null when n < 3 or s = 0.
 */
export function skewness(xs: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3) return null;
  const m = mean(xs);
  const s = sampleSd(xs);
  if (!(s > 0)) return null;
  let acc = 0;
  for (const x of xs) acc += ((x - m) / s) ** 3;
  return (n / ((n - 1) * (n - 2))) * acc;
}

/**
 * Sample excess kurtosis G2 (Excel KURT):
 * n(n+1)/((n−1)(n−2)(n−3)) · Σ((x−x̄)/s)⁴ − 3(n−1)²/((n−2)(n−3)). Null when n < 4 or s = 0.
 */
export function kurtosis(xs: readonly number[]): number | null {
  const n = xs.length;
  if (n < 4) return null;
  const m = mean(xs);
  const s = sampleSd(xs);
  if (!(s > 0)) return null;
  let acc = 0;
  for (const x of xs) acc += ((x - m) / s) ** 4;
  return ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * acc - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
}

/** Quantile with linear interpolation between order statistics (R type 7, Excel PERCENTILE.INC). */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = isSorted(xs) ? xs : [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

function isSorted(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! > xs[i]!) return false;
  return true;
}

/** Ascending ranks 1..n, ties get the average of the ranks they span (R `rank`, ties "average"). */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(xs.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = avg;
    i = j + 1;
  }
  return ranks;
}

/**
 * Competition ranks, best (highest) first: 1 + the number of strictly larger values, so ties
 * share the lower rank (1, 2, 2, 4). Nulls get null and do not count. Values are compared
 * exactly (no rounding): a tie in a computed index must be a real tie. The ranking itself is
 * core/ranking's, so the composite engine and `vitals score` rank by the same rules.
 */
export function descendingRanks(xs: ReadonlyArray<number | null>): Array<number | null> {
  return rankValues(xs, { method: 'competition', order: 'desc', decimals: null });
}
