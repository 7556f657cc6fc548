/**
 * Targets as data. A target belongs to a framework, an indicator, a region scope and a
 * milestone year, keeps its original wording and its provenance, and carries a
 * machine-readable `spec` that the evaluation engine resolves to a numeric test.
 *
 * "Better" always follows the indicator's polarity: for a lower-is-better indicator
 * `benchmark { relation: 'better' }` means strictly below the benchmark.
 */
import type { Provenance } from '../provenance.js';
import type { RegionLevel } from '../region/types.js';

/** ≥ `ge`, > `gt`, ≤ `le`, < `lt`. */
export type Comparator = 'ge' | 'gt' | 'le' | 'lt';

/** How a stated amount is compared: 以上 at least, 以下/不超过 at most, 左右 about. */
export type AmountComparison = 'at_least' | 'at_most' | 'about';

export type ChangeMode = 'absolute' | 'relative';

export type TargetSpec =
  /** `≥22`, `<7`, `不低于90%`, `85%以上`, `达到29%` (达到 = at least, in the polarity's direction). */
  | { readonly kind: 'threshold'; readonly op: Comparator; readonly value: number }
  /** `27左右`: within ± tolerance of value; tolerance absolute unless `toleranceMode: 'relative'`. */
  | { readonly kind: 'approx'; readonly value: number; readonly tolerance: number; readonly toleranceMode?: ChangeMode }
  /** `1-2个`, between min and max (inclusive unless stated). */
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly minInclusive?: boolean; readonly maxInclusive?: boolean }
  /**
   * Change from a baseline: `在2020年基础上继续提高1岁左右` → { mode: absolute, amount: +1, comparison: about, tolerance },
   * `比2015年降低30%` → { mode: relative, amount: -0.30, comparison: at_least }.
   * `amount` is signed (positive = increase); `at_least` means a change at least as large in its direction.
   */
  | {
      readonly kind: 'change';
      readonly baselineYear: number;
      readonly mode: ChangeMode;
      readonly amount: number;
      readonly comparison: AmountComparison;
      readonly tolerance?: number;
    }
  /** `每年降低0.5个百分点以上` → { mode: absolute, amount: -0.5, comparison: at_least }: a change every year. */
  | { readonly kind: 'annual_change'; readonly mode: ChangeMode; readonly amount: number; readonly comparison: AmountComparison }
  /** `保持稳定`: stay within tolerance of the reference (baseline or previous year). */
  | { readonly kind: 'maintain'; readonly reference: 'baseline' | 'previous_year'; readonly tolerance: number; readonly toleranceMode?: ChangeMode }
  /**
   * Direction only. `持续提升` → increase overall; `逐年下降` → decrease every year.
   * `strictness: 'each_year'` demands every year-on-year change in that direction.
   */
  | { readonly kind: 'direction'; readonly direction: 'increase' | 'decrease'; readonly strictness: 'overall' | 'each_year' }
  /** `成人肥胖增长率持续减缓`: the growth rate of the value keeps falling. */
  | { readonly kind: 'slowing_growth' }
  /** `实现`, `建立`, `全面建成`: a yes/no achievement recorded as 1/0. */
  | { readonly kind: 'achieve' }
  /** `同比例提高`: relative change at least that of `referenceIndicator` over the same years (times `ratio`, default 1). */
  | { readonly kind: 'proportional'; readonly referenceIndicator: string; readonly baselineYear: number; readonly ratio?: number }
  /**
   * Relative to a benchmark region's value for the same year (`000000` = national):
   * `达到全国平均水平` reach (at least as good), `优于全国平均水平` better (strictly),
   * `低于国家平均水平` op lt regardless of polarity when stated literally.
   */
  | { readonly kind: 'benchmark'; readonly benchmarkRegion: string; readonly relation: 'reach' | 'better' | 'below' | 'above' }
  /**
   * Coverage over sub-units: `每个县(市、区)建成1所` → { subLevel: county, perUnit: 1, share: 1 },
   * `县级全覆盖` → { subLevel: county, share: 1 }. The indicator holds the per-sub-unit count or a 0/1 flag.
   */
  | { readonly kind: 'coverage'; readonly subLevel: RegionLevel; readonly share: number; readonly perUnit?: number }
  /** `建设健康县区80个以上`: a count of things built or certified, compared with `value`. */
  | { readonly kind: 'count'; readonly op: Comparator; readonly value: number }
  /** `保持低于国家平均水平并逐年下降`: every part must hold. */
  | { readonly kind: 'all'; readonly parts: readonly TargetSpec[] }
  /** `明显改善`, `力争实现较大提升`: kept as text; evaluated only as a direction if `direction` is given. */
  | { readonly kind: 'qualitative'; readonly direction?: 'increase' | 'decrease' };

export type TargetKind = TargetSpec['kind'];

/** One region (`region`) or every region at `level`, optionally only those under `within`. */
export type TargetScope =
  | { readonly region: string }
  | { readonly level: RegionLevel; readonly within?: string };

export interface Target {
  readonly framework: string;
  readonly indicator: string;
  readonly scope: TargetScope;
  readonly milestoneYear: number;
  readonly spec: TargetSpec;
  /** The original Chinese wording, verbatim, e.g. `在2020年基础上继续提高1岁左右`. */
  readonly wording: string;
  /** Baseline stated by the plan, if any (value may be absent when only the year is named). */
  readonly baseline?: { readonly year: number; readonly value?: number };
  readonly provenance: Provenance;
}
