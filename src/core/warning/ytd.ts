/**
 * Year-to-date figures from sub-annual values. Times are fractions of the year: a value for
 * 2025Q3 covers [0.5, 0.75]; a checkpoint at the end of Q3 is at 0.75 (`yearFraction`).
 * - Sums (counts) accumulate: YTD = Σ of non-overlapping periods covering [0, checkpoint].
 * - Rates compare directly: YTD = the latest value ending at or before the checkpoint.
 */
import { VitalsError } from '../errors.js';

/** One sub-annual value covering [start, end] of the year (fractions in [0, 1]). */
export interface SubAnnualValue {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/** Expected share of the year's change completed by a fraction of the year. */
export interface SeasonalPoint {
  readonly fraction: number;
  readonly share: number;
}

const EPS = 1e-9;

export function validateSubAnnual(values: readonly SubAnnualValue[], where = 'subAnnual'): void {
  values.forEach((v, i) => {
    if (![v.start, v.end, v.value].every(Number.isFinite)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${where}[${i}] has a non-finite start, end or value` });
    }
    if (v.start < -EPS || v.end > 1 + EPS || v.end <= v.start) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${where}[${i}] must satisfy 0 ≤ start < end ≤ 1, got [${v.start}, ${v.end}]` });
    }
  });
}

export interface CumulativeYtd {
  readonly value: number;
  /** Share of [0, checkpoint] covered by the values used. */
  readonly covered: number;
  readonly complete: boolean;
  readonly used: readonly SubAnnualValue[];
}

/**
 * Sum of non-overlapping values covering [0, upTo]. From each position the value starting
 * there that reaches furthest without passing `upTo` is taken (a quarter rather than its
 * first month), so the same months are never counted twice; gaps are skipped and reported.
 */
export function cumulativeYtd(values: readonly SubAnnualValue[], upTo: number): CumulativeYtd {
  validateSubAnnual(values);
  const candidates = values.filter((v) => v.end <= upTo + EPS);
  const used: SubAnnualValue[] = [];
  let position = 0;
  let covered = 0;
  while (position < upTo - EPS) {
    const here = candidates.filter((v) => Math.abs(v.start - position) < EPS).sort((a, b) => b.end - a.end)[0];
    if (here) {
      used.push(here);
      covered += here.end - here.start;
      position = here.end;
      continue;
    }
    const next = candidates.filter((v) => v.start > position + EPS).sort((a, b) => a.start - b.start)[0];
    if (!next) break;
    position = next.start;
  }
  return { value: used.reduce((s, v) => s + v.value, 0), covered, complete: Math.abs(covered - upTo) < EPS, used };
}

/** The latest value ending at or before `upTo` (ties: the longest period). Null when none. */
export function latestYtdValue(values: readonly SubAnnualValue[], upTo: number): SubAnnualValue | null {
  validateSubAnnual(values);
  const candidates = values.filter((v) => v.end <= upTo + EPS);
  candidates.sort((a, b) => b.end - a.end || b.end - b.start - (a.end - a.start));
  return candidates[0] ?? null;
}

/**
 * Share of the year's change expected by `fraction`: linear interpolation in `profile`,
 * anchored at (0, 0) and (1, 1). Without a profile the share is the fraction itself.
 */
export function shareAt(profile: readonly SeasonalPoint[] | undefined, fraction: number): number {
  if (!profile || profile.length === 0) return fraction;
  const points = [{ fraction: 0, share: 0 }, ...profile, { fraction: 1, share: 1 }].sort((a, b) => a.fraction - b.fraction);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (fraction <= b.fraction + EPS) {
      if (b.fraction - a.fraction < EPS) return b.share;
      return a.share + ((b.share - a.share) * (fraction - a.fraction)) / (b.fraction - a.fraction);
    }
  }
  return 1;
}

/**
 * A seasonal profile for a summed indicator from complete past years: at `fraction`, the
 * mean over years of (cumulative YTD at that fraction) / (annual total). Years whose YTD
 * at the fraction is incomplete, or whose annual total is 0, are left out. Null when none remains.
 */
export function seasonalShareFromHistory(
  years: readonly { readonly annualTotal: number; readonly values: readonly SubAnnualValue[] }[],
  fraction: number,
): number | null {
  const shares = years.flatMap((y) => {
    if (y.annualTotal === 0) return [];
    const ytd = cumulativeYtd(y.values, fraction);
    return ytd.complete ? [ytd.value / y.annualTotal] : [];
  });
  if (shares.length === 0) return null;
  return shares.reduce((s, v) => s + v, 0) / shares.length;
}
