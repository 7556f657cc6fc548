/**
 * Running totals: the additive state every rule reduces to, so that a parent is built from
 * its children's totals (never from their finished values — that is how rates get averaged).
 */
import { comparePeriods, parsePeriod } from '../period/index.js';
import type { AggregationRule } from './types.js';

export interface Totals {
  /** sum, last_value (stocks add across regions), not_aggregatable (identity only). */
  sum: number;
  numerator: number;
  denominator: number;
  weightedSum: number;
  weightSum: number;
  /** last_value: latest and earliest fine period taken, and how many contributors were stale. */
  latest: string | undefined;
  earliest: string | undefined;
  stale: number;
}

export function emptyTotals(): Totals {
  return { sum: 0, numerator: 0, denominator: 0, weightedSum: 0, weightSum: 0, latest: undefined, earliest: undefined, stale: 0 };
}

function comparePeriodCodes(a: string, b: string): number {
  return comparePeriods(parsePeriod(a), parsePeriod(b));
}

/** into += from. */
export function addTotals(into: Totals, from: Totals): void {
  into.sum += from.sum;
  into.numerator += from.numerator;
  into.denominator += from.denominator;
  into.weightedSum += from.weightedSum;
  into.weightSum += from.weightSum;
  into.stale += from.stale;
  if (from.latest !== undefined && (into.latest === undefined || comparePeriodCodes(from.latest, into.latest) > 0)) into.latest = from.latest;
  if (from.earliest !== undefined && (into.earliest === undefined || comparePeriodCodes(from.earliest, into.earliest) < 0)) into.earliest = from.earliest;
}

export interface FinalValue {
  readonly value: number | null;
  readonly reason?: string;
}

export const NOT_AGGREGATABLE_REASON = '调查估计值按层级报告，不可汇总 / survey estimate: reported per level, never aggregated';

/**
 * The figure from totals. `contributing` is the number of inputs added; with none there is no
 * figure (a sum of nothing is unknown, not 0).
 */
export function finalValue(rule: AggregationRule, totals: Totals, contributing: number, factor: number): FinalValue {
  if (rule === 'not_aggregatable') return { value: null, reason: NOT_AGGREGATABLE_REASON };
  if (contributing === 0) return { value: null, reason: '无可用数据 / no contributing values' };
  switch (rule) {
    case 'sum':
    case 'last_value':
      return { value: totals.sum };
    case 'ratio_of_sums':
      if (totals.denominator === 0) return { value: null, reason: '分母合计为 0 / the denominators sum to 0' };
      return { value: (totals.numerator / totals.denominator) * factor };
    case 'population_weighted_mean':
      if (totals.weightSum === 0) return { value: null, reason: '权重合计为 0 / the weights sum to 0' };
      return { value: totals.weightedSum / totals.weightSum };
  }
}
