/**
 * Early warning at in-year checkpoints (半年评估 H1, 前三季度测评 Q3): is the year on its
 * path, and where is the series heading for the milestone?
 */
import type { LocalizedLabel, ProgressPolarity, ProgressWarning, TimePoint } from '../progress/index.js';
import type { SeasonalPoint, SubAnnualValue } from './ytd.js';
import type { WeightedPoint } from './wls.js';

/** Ordered from no concern to the strongest. */
export type WarningLevel = 'none' | 'watch' | 'warning' | 'alert';
export const WARNING_LEVELS: readonly WarningLevel[] = ['none', 'watch', 'warning', 'alert'];

/** Sums (counts) accumulate over the year; rates (ratios, means, last values) compare directly. */
export type YtdAggregation = 'sum' | 'rate';

export interface CheckpointInput {
  readonly polarity: ProgressPolarity;
  readonly aggregation: YtdAggregation;
  /** The checkpoint's year and the share of it elapsed (2025Q3 → 2025 and 0.75; see `yearFraction`). */
  readonly year: number;
  readonly fraction: number;
  /** Sub-annual values of the checkpoint year. */
  readonly subAnnual: readonly SubAnnualValue[];
  /** Annual values (t = year); values at or after the checkpoint year are ignored. */
  readonly history: readonly TimePoint[];
  /** Plan baseline (t0, v0) and milestone target (T, vT). */
  readonly baseline: TimePoint;
  readonly milestone: TimePoint;
  /** Target for the checkpoint year; default: the straight-line path value at `year`. */
  readonly annualTarget?: number;
  /** Rates: where the year's path starts; default: last year's value, else the path value. */
  readonly startOfYear?: number;
  /** Expected share of the year's change by each fraction (default: the fraction itself). */
  readonly seasonalProfile?: readonly SeasonalPoint[];
}

export interface CheckpointParams {
  /** Annual values older than this many years before the checkpoint year are not fitted. */
  readonly windowYears: number;
  /** Weight halves every `halfLifeYears` of age: w = 0.5^((year − t)/halfLife). */
  readonly halfLifeYears: number;
  /** Two-sided coverage of the prediction interval. */
  readonly confidence: number;
  /** Fit the current-year estimate as well, with its weight multiplied by the elapsed fraction. */
  readonly includeCurrentYear: boolean;
  /** YTD gap shares (of the year's required change) below −watchBelow / −warningBelow / −alertBelow. */
  readonly watchBelow: number;
  readonly warningBelow: number;
  readonly alertBelow: number;
}

/** One finding behind the level, in both languages. */
export interface CheckpointReason {
  readonly code: string;
  readonly level: WarningLevel;
  readonly zh: string;
  readonly en: string;
}

export interface YtdAssessment {
  readonly aggregation: YtdAggregation;
  readonly actual: number;
  readonly expected: number;
  /** Sums: 0. Rates: the value the year's path starts from. */
  readonly startOfYear: number;
  readonly annualTarget: number;
  /** Share of the year's change expected by the checkpoint. */
  readonly share: number;
  readonly gap: number;
  /** d·(actual − expected) / |annualTarget − startOfYear|: positive is ahead. */
  readonly gapShare: number;
  readonly complete: boolean;
  readonly periodsUsed: readonly SubAnnualValue[];
}

export interface ProjectionAssessment {
  readonly method: 'weighted-least-squares-linear';
  readonly points: readonly WeightedPoint[];
  readonly slope: number;
  readonly milestoneYear: number;
  readonly projected: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly confidence: number;
  readonly tQuantile: number | null;
  readonly standardError: number | null;
  readonly degreesOfFreedom: number;
  readonly meetsMilestone: boolean;
  /** The favourable end of the interval reaches the milestone (null without an interval). */
  readonly bandReachesMilestone: boolean | null;
}

export interface CheckpointResult {
  readonly method: 'checkpoint-warning';
  readonly methodVersion: string;
  readonly params: CheckpointParams;
  readonly level: WarningLevel;
  /** False when neither year-to-date data nor a projection was available: `none` then means "no evidence". */
  readonly assessed: boolean;
  readonly label: LocalizedLabel;
  readonly reasons: readonly CheckpointReason[];
  readonly ytd: YtdAssessment | null;
  readonly projection: ProjectionAssessment | null;
  /** Estimate of the checkpoint year's annual value (rates: the YTD value; sums: YTD / share). */
  readonly currentYearEstimate: number | null;
  /** (vT − estimate)/(T − year): the yearly change still needed; null when T ≤ year. */
  readonly requiredAnnualChange: number | null;
  readonly changeStillRequired: number | null;
  readonly inputs: {
    readonly polarity: ProgressPolarity;
    readonly aggregation: YtdAggregation;
    readonly year: number;
    readonly fraction: number;
    readonly baseline: TimePoint;
    readonly milestone: TimePoint;
    readonly annualTarget: number;
    readonly annualTargetSource: 'given' | 'linear_path';
    readonly history: readonly TimePoint[];
    readonly seasonalProfile: readonly SeasonalPoint[] | null;
  };
  readonly warnings: readonly ProgressWarning[];
}
