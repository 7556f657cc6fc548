/**
 * Outlier treatment as COINr does it: an indicator is "outlying" when
 * |skewness| > 2 AND kurtosis > 3.5 (sample G1 and excess G2, see stats.ts). Then the most
 * extreme value on the skewed side is winsorised (set to the next value inwards), one step at a
 * time, until the indicator is no longer outlying or `maxWinsorised` points have been changed.
 * If that limit is reached and the indicator is still outlying, winsorisation is undone and
 * the values are log-transformed instead.
 */
import { kurtosis, skewness } from './stats.js';
import type { OutlierRecord, OutlierSpec } from './types.js';

const LOG_OFFSET = 0.01;

/**
 * Order-preserving log transform for skewed data (Vitals variant of COINr's "log_CT"):
 * positive skew: ln(x − min + 0.01·(max − min)); negative skew: −ln(max − x + 0.01·(max − min)).
 */
export function skewLog(xs: readonly number[], positiveSkew: boolean): number[] {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const offset = LOG_OFFSET * (hi - lo);
  return xs.map((x) => (positiveSkew ? Math.log(x - lo + offset) : -Math.log(hi - x + offset)));
}

export function treatIndicator(
  spec: OutlierSpec,
  indicator: string,
  units: readonly string[],
  values: ReadonlyArray<number | null>,
): { values: Array<number | null>; record: OutlierRecord } {
  const idx = values.flatMap((v, i) => (v === null ? [] : [i]));
  const xs = idx.map((i) => values[i] as number);
  const skew0 = skewness(xs);
  const kurt0 = kurtosis(xs);
  const base = { indicator, skewness: skew0, kurtosis: kurt0, winsorised: [] as OutlierRecord['winsorised'] };
  const untouched = (action: OutlierRecord['action'], note?: string) => ({
    values: [...values],
    record: { ...base, action, skewnessAfter: skew0, kurtosisAfter: kurt0, ...(note ? { note } : {}) },
  });
  if (spec.method === 'none') return untouched('none');
  if (skew0 === null || kurt0 === null) return untouched('none', 'fewer than 4 values or zero variance: skewness/kurtosis undefined');
  const skewLimit = spec.skewness ?? 2;
  const kurtLimit = spec.kurtosis ?? 3.5;
  const maxPoints = spec.maxWinsorised ?? 5;
  const outlying = (ys: readonly number[]): boolean => {
    const s = skewness(ys);
    const k = kurtosis(ys);
    return s !== null && k !== null && Math.abs(s) > skewLimit && k > kurtLimit;
  };
  if (!outlying(xs)) return untouched('none');

  const ys = [...xs];
  const changed = new Set<number>();
  while (outlying(ys) && changed.size < maxPoints) {
    const positive = (skewness(ys) ?? 0) > 0;
    const extreme = positive ? Math.max(...ys) : Math.min(...ys);
    const inner = ys.filter((y) => y !== extreme);
    if (inner.length === 0) break;
    // Ties at the extreme move together, as in COINr.
    const replacement = positive ? Math.max(...inner) : Math.min(...inner);
    ys.forEach((y, k) => {
      if (y === extreme) {
        ys[k] = replacement;
        changed.add(k);
      }
    });
  }
  const out = [...values];
  if (!outlying(ys)) {
    idx.forEach((i, k) => (out[i] = ys[k]!));
    const winsorised = [...changed].sort((a, b) => a - b).map((k) => ({ unit: units[idx[k]!]!, from: xs[k]!, to: ys[k]! }));
    return { values: out, record: { ...base, action: 'winsorised', winsorised, skewnessAfter: skewness(ys), kurtosisAfter: kurtosis(ys) } };
  }
  if ((spec.fallback ?? 'log') === 'none') return untouched('untreated', `still outlying after ${changed.size} winsorised points; left as is`);
  const logged = skewLog(xs, skew0 > 0);
  idx.forEach((i, k) => (out[i] = logged[k]!));
  return {
    values: out,
    record: {
      ...base,
      action: 'log',
      skewnessAfter: skewness(logged),
      kurtosisAfter: kurtosis(logged),
      note: `winsorising ${maxPoints} point(s) was not enough; log-transformed instead`,
    },
  };
}
