/**
 * Progress towards a milestone: one region × indicator series, judged by a named method
 * (`trajectory`, `statcan`, `eurostat`, `sdsn`). Inputs are plain numbers and times (a
 * year such as 2025, or a fractional year such as 2025.5); nothing here reads a database.
 */
import type { WarningCode } from '../diagnostics.js';

/** The two polarities progress can be judged in (a `neutral` indicator has no progress). */
export type ProgressPolarity = 'higher_is_better' | 'lower_is_better';

/** One observation: time `t` (year or fractional year) and its value. */
export interface TimePoint {
  readonly t: number;
  readonly value: number;
}

export interface LocalizedLabel {
  readonly zh: string;
  readonly en: string;
}

/** Everything a progress method may use. Methods ignore what they do not need. */
export interface ProgressInput {
  /** Observed values in any order. Duplicated times are rejected. */
  readonly series: readonly TimePoint[];
  readonly polarity: ProgressPolarity;
  /**
   * Plan baseline (t0, v0). When absent the earliest observation is the baseline. When
   * present it wins over an observation at the same time.
   */
  readonly baseline?: TimePoint;
  /** Milestone target (T, vT). Absent: the no-target variant, where a method has one. */
  readonly target?: TimePoint;
  /** Judge as of this time: observations after it are ignored. Default: use all. */
  readonly asOf?: number;
  /**
   * Natural limit in the desired direction (100 for a coverage rate, 0 for a mortality
   * rate). Only the no-target variants of `statcan` and `eurostat` use it.
   */
  readonly limit?: number;
}

/** A non-fatal condition noticed while judging (never printed by the core). */
export interface ProgressWarning {
  readonly code: WarningCode;
  readonly message: string;
}

/** A category of a method, ordered worst (rank 0) to best. */
export interface ProgressCategory {
  readonly code: string;
  readonly rank: number;
  readonly label: LocalizedLabel;
}

/** The status every method may return when the data do not allow a judgement. */
export const UNABLE_TO_ASSESS = 'unable_to_assess';

/** What was actually used, so that a result can be re-derived by hand. */
export interface ProgressInputsUsed {
  readonly polarity: ProgressPolarity;
  /** Start of the assessed period: the baseline, or the window start for windowed methods. */
  readonly start: TimePoint | null;
  /** Latest observation at or before `asOf`. */
  readonly current: TimePoint | null;
  readonly target: TimePoint | null;
  readonly limit: number | null;
  readonly asOf: number | null;
  /** Observations considered (sorted by time, after the `asOf` cut). */
  readonly observations: readonly TimePoint[];
}

/**
 * One judgement with its provenance: method, version, resolved parameters, the inputs
 * used and every intermediate figure (`measures`) needed to check it by hand.
 */
export interface ProgressResult {
  readonly method: string;
  readonly methodVersion: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** `target` when judged against a numeric target, `no_target` for the trend-only variant. */
  readonly variant: 'target' | 'no_target';
  /** A category code of the method, or `unable_to_assess`. */
  readonly status: string;
  /** Rank of `status` within the method's categories (higher is better); −1 when unable to assess. */
  readonly rank: number;
  readonly label: LocalizedLabel;
  /** The −5…+5 progress score where the method defines one (`statcan`), else null. */
  readonly score: number | null;
  readonly measures: Readonly<Record<string, number | boolean | null>>;
  readonly inputs: ProgressInputsUsed;
  /** Why the result is `unable_to_assess`, or a note on a special case. */
  readonly reason?: LocalizedLabel;
  readonly warnings: readonly ProgressWarning[];
}

/**
 * A progress method: one module, registered in `PROGRESS_METHODS`.
 * `resolveParams` validates raw parameters (from a framework or the CLI) and fills defaults;
 * `evaluate` is pure.
 */
export interface ProgressMethod<P extends object = object> {
  readonly name: string;
  readonly version: string;
  readonly description: LocalizedLabel;
  /** Categories from worst to best (`unable_to_assess` is implicit). */
  readonly categories: readonly ProgressCategory[];
  resolveParams(raw?: Readonly<Record<string, unknown>>): P;
  evaluate(input: ProgressInput, params: P): ProgressResult;
}
