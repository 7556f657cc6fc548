/**
 * Aggregates: a value rolled up the region hierarchy and/or from fine to coarse periods,
 * with its completeness and provenance. Semantics are specified in docs/methods/aggregation.md
 * precisely enough for the SQL roll-up tables to reproduce them.
 */
import type { WarningCode } from '../diagnostics.js';
import type { AggregationRule } from '../indicator/types.js';
import type { RegionLevel } from '../region/index.js';

export type { AggregationRule } from '../indicator/types.js';

/** Bump when a formula or a completeness rule changes: stored results record it. */
export const AGGREGATION_METHOD_VERSION = '1.0.0';

/** Below this completeness an aggregate carries VITALS_W_INCOMPLETE_AGGREGATE. */
export const DEFAULT_COMPLETENESS_THRESHOLD = 0.9;

/** Above this many codes, provenance keeps counts only. */
export const DEFAULT_LIST_CODES_UP_TO = 1000;

export const AGGREGATION_RULES: readonly AggregationRule[] = ['sum', 'ratio_of_sums', 'population_weighted_mean', 'last_value', 'not_aggregatable'];

/** The two parts of a rate, aggregated separately (`ratio_of_sums`). */
export interface RatioParts {
  readonly numerator: number;
  readonly denominator: number;
}

/** A value for one fine period (`aggregatePeriods`). */
export type PeriodValue = number | RatioParts;

/**
 * A leaf value for `rollUpTree`: a number (sum, last value, weighted mean), ratio parts, or an
 * `Aggregate` already built over time by `aggregatePeriods` (its period completeness carries up).
 */
export type AggregateInput = number | RatioParts | Aggregate;

/** How many were expected and how many contributed. */
export interface Coverage {
  readonly expected: number;
  readonly contributing: number;
}

export interface AggregateWarning {
  readonly code: WarningCode;
  /** zh-CN, then English. */
  readonly message: string;
}

export type ExclusionReason =
  /** `population_weighted_mean`: the input had no weight. */
  | 'missing_weight'
  /** `last_value`: the region ceased before the period closed, so its stock no longer exists. */
  | 'ceased_before_close';

export interface ExcludedInput {
  readonly code: string;
  readonly reason: ExclusionReason;
}

export interface AggregationProvenance {
  /** `aggregation/<rule>` or `aggregation/indicator_ratio`. */
  readonly method: string;
  readonly methodVersion: string;
  /** rule, period, factor, threshold, leafLevel, finePeriodType, weightElement… */
  readonly params: Readonly<Record<string, unknown>>;
  /** Direct contributors (children codes, or fine period codes); null when over the listing limit. */
  readonly contributors: readonly string[] | null;
  readonly contributorCount: number;
  /** Expected direct contributors that had no value; null when over the listing limit. */
  readonly missing: readonly string[] | null;
  readonly missingCount: number;
  readonly excluded: readonly ExcludedInput[];
  /**
   * A region that ceased during the period and one of its successors both contributed. Correct
   * when each value covers only the days its region existed; a double count otherwise.
   */
  readonly lineageOverlaps?: readonly { readonly predecessor: string; readonly successors: readonly string[] }[];
}

/** One aggregated figure for a region (or none, for period-only aggregation) and a period. */
export interface Aggregate {
  readonly regionCode: string | null;
  readonly period: string;
  readonly rule: AggregationRule;
  /** The figure; null when nothing contributed, the rule forbids aggregation, or a denominator/weight sum is 0. */
  readonly value: number | null;
  /** `ratio_of_sums`: Σ numerators and Σ denominators (value = numerator / denominator × factor). */
  readonly numerator?: number;
  readonly denominator?: number;
  /** `population_weighted_mean`: Σ wᵢ·vᵢ and Σ wᵢ (value = weightedSum / weightSum). */
  readonly weightedSum?: number;
  readonly weightSum?: number;
  /** `last_value`: the fine period the value was taken from (for a tree node: the latest used). */
  readonly lastPeriod?: string;
  /** `last_value` tree nodes: the earliest fine period any contributor's value was taken from. */
  readonly earliestLastPeriod?: string;
  /** `last_value`: contributors whose value predates the period's final fine period. */
  readonly staleContributors?: number;
  /** Direct children (tree) — for period aggregation, the region itself: {1, 0|1}. */
  readonly children: Coverage;
  /** Leaf regions below (at `leafLevel`). */
  readonly leaves: Coverage;
  readonly leafLevel: RegionLevel | null;
  /** Leaf × fine-period cells: equals `leaves` when no time aggregation is involved. */
  readonly periods: Coverage;
  /** periods.contributing / periods.expected, in [0, 1]; 1 when nothing was expected. */
  readonly completeness: number;
  /** Why `value` is null (or what to know about it). */
  readonly reason?: string;
  readonly warnings: readonly AggregateWarning[];
  readonly provenance: AggregationProvenance;
}
