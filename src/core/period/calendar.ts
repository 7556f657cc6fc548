/**
 * Calendar arithmetic on periods: starts, ends, ordering, containment and conversion.
 * Everything works on "month ordinals" (months since year 0) so that every type shares
 * one arithmetic and no Date object (with its time zone) is involved.
 */
import { VitalsError } from '../errors.js';
import { MONTHS_PER_PERIOD, makePeriod, periodTypeRank, periodsPerYear, type Period } from './period.js';
import type { PeriodType } from './types.js';

/** First month of `p` as months since January of year 0 (0-based). */
function startMonth(p: Period): number {
  return p.year * 12 + (p.index - 1) * MONTHS_PER_PERIOD[p.type];
}

function isoMonthStart(ordinal: number): string {
  const year = Math.floor(ordinal / 12);
  const month = (ordinal % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** ISO date of the first day of `p` (inclusive). @example periodStart(2025Q3) === '2025-07-01' */
export function periodStart(p: Period): string {
  return isoMonthStart(startMonth(p));
}

/** ISO date of the first day after `p` (exclusive end). @example periodEnd(2025Q3) === '2025-10-01' */
export function periodEnd(p: Period): string {
  return isoMonthStart(startMonth(p) + MONTHS_PER_PERIOD[p.type]);
}

/**
 * Total order: earlier start first; for equal starts the coarser period first
 * (`2025` < `2025H1` < `2025Q1` < `2025M01`). Returns a negative, zero or positive number.
 */
export function comparePeriods(a: Period, b: Period): number {
  const byStart = startMonth(a) - startMonth(b);
  if (byStart !== 0) return byStart;
  return periodTypeRank(a.type) - periodTypeRank(b.type);
}

/** True when `inner` lies entirely inside `outer` (a period contains itself). */
export function periodContains(outer: Period, inner: Period): boolean {
  const os = startMonth(outer);
  const is = startMonth(inner);
  return is >= os && is + MONTHS_PER_PERIOD[inner.type] <= os + MONTHS_PER_PERIOD[outer.type];
}

/**
 * The periods of a finer (or equal) `type` that make up `p`, in order.
 * @example periodsWithin(2025, 'quarter') → 2025Q1..2025Q4
 * @throws VITALS_E_INVALID_PERIOD when `type` is coarser than `p`.
 */
export function periodsWithin(p: Period, type: PeriodType): Period[] {
  if (periodTypeRank(type) < periodTypeRank(p.type)) {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: `${p.code} (cannot split into coarser ${type})` }, { value: p.code, type });
  }
  const per = MONTHS_PER_PERIOD[type];
  const count = MONTHS_PER_PERIOD[p.type] / per;
  const firstIndex = ((p.index - 1) * MONTHS_PER_PERIOD[p.type]) / per + 1;
  return Array.from({ length: count }, (_, i) => makePeriod(type, p.year, firstIndex + i));
}

/**
 * The period of a coarser (or equal) `type` that contains `p`.
 * @example containingPeriod(2025M07, 'quarter') → 2025Q3
 * @throws VITALS_E_INVALID_PERIOD when `type` is finer than `p`.
 */
export function containingPeriod(p: Period, type: PeriodType): Period {
  if (periodTypeRank(type) > periodTypeRank(p.type)) {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: `${p.code} (no containing ${type}: it is finer)` }, { value: p.code, type });
  }
  const monthIndex = (p.index - 1) * MONTHS_PER_PERIOD[p.type]; // 0-based first month within the year
  return makePeriod(type, p.year, Math.floor(monthIndex / MONTHS_PER_PERIOD[type]) + 1);
}

/**
 * The period `n` steps later (negative: earlier) of the same type.
 * @example shiftPeriod(2025Q4, 1) → 2026Q1
 * @throws VITALS_E_INVALID_PERIOD when the result leaves the supported years.
 */
export function shiftPeriod(p: Period, n: number): Period {
  if (!Number.isInteger(n)) {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: `${p.code} shifted by ${n} (not an integer)` });
  }
  const per = periodsPerYear(p.type);
  const ordinal = p.year * per + (p.index - 1) + n;
  return makePeriod(p.type, Math.floor(ordinal / per), (((ordinal % per) + per) % per) + 1);
}

/**
 * Every period from `from` to `to` inclusive; both must have the same type. Empty when
 * `to` precedes `from`.
 * @throws VITALS_E_INVALID_PERIOD when the types differ.
 */
export function periodRange(from: Period, to: Period): Period[] {
  if (from.type !== to.type) {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: `${from.code}..${to.code} (different period types)` }, { from: from.code, to: to.code });
  }
  const per = periodsPerYear(from.type);
  const count = (to.year - from.year) * per + (to.index - from.index) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => shiftPeriod(from, i));
}

/** The same period one year earlier (year-on-year comparison, 同比). */
export function samePeriodLastYear(p: Period): Period {
  return makePeriod(p.type, p.year - 1, p.index);
}

/**
 * Share of the calendar year elapsed at the END of `p`, by months:
 * 2025H1 → 6/12 = 0.5, 2025Q3 → 9/12 = 0.75, 2025M02 → 2/12, 2025 → 1.
 * Used to pro-rate annual targets for in-year checkpoints (半年评估, 前三季度测评).
 */
export function yearFraction(p: Period): number {
  return (p.index * MONTHS_PER_PERIOD[p.type]) / 12;
}
