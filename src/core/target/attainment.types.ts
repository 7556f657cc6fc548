/**
 * Types of the attainment engine: the numeric test a target resolves to, the inputs an
 * evaluation needs, and the result it returns. Target *definitions* live in `types.ts`.
 */
import type { WarningCode } from '../diagnostics.js';
import type { Polarity } from '../indicator/types.js';
import type { RegionLevel } from '../region/types.js';
import type { Comparator, Target, TargetKind, TargetSpec } from './types.js';

/** Text in both languages; zh-CN is the default language of Vitals. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/**
 * Warning codes an attainment result may carry. The three target-specific codes are
 * documented in docs/methods/targets.md and docs/errors.md.
 * - `VITALS_W_ZERO_BASELINE`: a relative change was asked of a zero (or negative) baseline.
 * - `VITALS_W_MET_AT_BASELINE`: the baseline already met the target, so a gap "as % of the
 *   required change" has no meaning.
 * - `VITALS_W_NO_POLARITY`: "better"/"reach" needs a polarity and the indicator is neutral.
 */
/** Kept as an alias: every target warning is a core `WarningCode`. */
export type TargetWarningCode = WarningCode;

/** A coded, bilingual note: a warning, or the reason a target is not evaluable. */
export interface AttainmentNote {
  readonly code: TargetWarningCode;
  readonly zh: string;
  readonly en: string;
}

/** One yearly observation; `null` = reported as missing. */
export interface SeriesPoint {
  readonly year: number;
  readonly value: number | null;
}

/**
 * The numeric test a target resolves to for one region and year.
 * - `compare`: value (or, for coverage, the covered share) `op` threshold.
 * - `interval`: value within [min, max].
 * - `series`: a test on the path of the series (direction, every year, slowing growth).
 * - `all`: every part must hold.
 * - `none`: no numeric test can be built (the reason says why).
 */
export type TargetTest =
  | {
      readonly type: 'compare';
      readonly subject: 'value' | 'covered_share';
      readonly op: Comparator;
      readonly threshold: number;
      readonly explanation: Bilingual;
      /** Coverage only: the value each sub-unit needs, and the sub-unit level. */
      readonly perUnit?: number;
      readonly subLevel?: RegionLevel;
      /** Notes raised while computing the threshold (e.g. clamped to a natural limit). */
      readonly notes?: readonly AttainmentNote[];
    }
  | {
      readonly type: 'interval';
      readonly min: number;
      readonly max: number;
      readonly minInclusive: boolean;
      readonly maxInclusive: boolean;
      readonly explanation: Bilingual;
      readonly notes?: readonly AttainmentNote[];
    }
  | {
      readonly type: 'series';
      readonly check: 'direction' | 'each_year' | 'slowing_growth';
      readonly direction?: 'increase' | 'decrease';
      readonly explanation: Bilingual;
    }
  | { readonly type: 'all'; readonly parts: readonly TargetTest[]; readonly explanation: Bilingual }
  | { readonly type: 'none'; readonly reason: AttainmentNote; readonly explanation: Bilingual };

/** What `resolveTarget` needs to turn a spec into a numeric test for one region and year. */
export interface ResolveContext {
  readonly polarity: Polarity;
  /** The year the test is for (per-year targets count years elapsed up to it). */
  readonly year: number;
  readonly baselineYear?: number;
  readonly baselineValue?: number;
  /** The benchmark region's value (same year as the value compared). */
  readonly benchmarkValue?: number;
  /** Relative change of the reference indicator from the baseline year: 0.015 = +1.5 %. */
  readonly referenceChange?: number;
  /** Previous year's value, for `maintain { reference: 'previous_year' }`. */
  readonly previousValue?: number;
  /** Natural limits of the indicator (e.g. 0–100 for a percentage). */
  readonly bounds?: { readonly min?: number; readonly max?: number };
}

/** A target as the engine needs it: a spec plus, optionally, the rest of a `Target`. */
export type TargetInput = Pick<Target, 'spec'> & Partial<Omit<Target, 'spec'>>;

/** Everything `evaluateAttainment` needs besides the target itself. */
export interface AttainmentInputs {
  readonly polarity: Polarity;
  readonly bounds?: { readonly min?: number; readonly max?: number };
  /** Evaluation year (usually the milestone year). */
  readonly year: number;
  /** The region's yearly series for the indicator (any order). */
  readonly series: readonly SeriesPoint[];
  /** Baseline override; otherwise the target's baseline, its value read from the series if absent. */
  readonly baseline?: { readonly year: number; readonly value?: number };
  /** Benchmark regions' series of the same indicator, keyed by region code (`000000` = national). */
  readonly benchmarks?: Readonly<Record<string, readonly SeriesPoint[]>>;
  /** The same region's series of other indicators, keyed by indicator code (proportional targets). */
  readonly references?: Readonly<Record<string, readonly SeriesPoint[]>>;
  /** Coverage targets: the sub-units expected to be covered, and their series. */
  readonly subUnits?: {
    readonly expected: readonly string[];
    readonly series: Readonly<Record<string, readonly SeriesPoint[]>>;
  };
  /** How many years old the value used may be (default 2). */
  readonly maxStalenessYears?: number;
  /** Labels copied into the result. */
  readonly region?: string;
  readonly indicator?: string;
}

export type AttainmentStatus = 'attained' | 'not_attained' | 'not_evaluable';

/** Which sub-units counted, for coverage targets. */
export interface CoverageDetail {
  readonly expected: number;
  readonly covered: readonly string[];
  readonly notCovered: readonly string[];
  readonly missing: readonly string[];
}

export interface AttainmentProvenance {
  readonly method: 'attainment';
  readonly methodVersion: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** The judgement for one region × indicator × milestone. */
export interface AttainmentResult {
  readonly region?: string;
  readonly indicator?: string;
  readonly milestoneYear?: number;
  readonly kind: TargetKind;
  readonly status: AttainmentStatus;
  readonly evaluationYear: number;
  /** The value judged and its year (the covered share 0–1 for coverage targets). */
  readonly valueUsed: number | null;
  readonly valueYear: number | null;
  readonly baseline: { readonly year: number; readonly value: number } | null;
  /** The resolved test (threshold, interval, series check…) with its bilingual explanation. */
  readonly required: TargetTest;
  /** Signed so that positive = short of the target, negative = beyond it. */
  readonly gapAbsolute: number | null;
  /** gapAbsolute / required change from the baseline × 100; null when not meaningful. */
  readonly gapPercentOfRequiredChange: number | null;
  /** Why the target is not evaluable (also listed first in `warnings`). */
  readonly reason: AttainmentNote | null;
  readonly warnings: readonly AttainmentNote[];
  /** Compound targets: the result of every part. */
  readonly parts?: readonly AttainmentResult[];
  readonly coverage?: CoverageDetail;
  readonly provenance: AttainmentProvenance;
}

/** What a kind module returns; the engine adds labels and provenance. */
export type KindOutcome = Omit<AttainmentResult, 'region' | 'indicator' | 'milestoneYear' | 'kind' | 'evaluationYear' | 'provenance'> & {
  readonly inputsUsed: Readonly<Record<string, unknown>>;
};

export type SpecOf<K extends TargetKind> = Extract<TargetSpec, { kind: K }>;
