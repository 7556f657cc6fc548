/**
 * Frameworks (plans): a versioned plan with ordered groups (专项行动 / domains), the
 * indicators it monitors with their nature, and its targets. A lower-level plan may adopt
 * an indicator of its parent framework by reference and set its own targets for it.
 */
import type { IndicatorKind, IndicatorNature, LocalizedText } from '../indicator/types.js';
import type { Provenance } from '../provenance.js';
import type { RegionLevel } from '../region/types.js';
import type { Target } from '../target/types.js';

/** Identifies one version of a framework: `healthy-china-2019@2019`. */
export interface FrameworkRef {
  readonly code: string;
  readonly version: string;
}

/** A group of indicators: 专项行动 (special action) or 领域 (domain). Array order is display order. */
export interface FrameworkGroup {
  readonly code: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
}

/** The baseline a plan states; the value may be absent when only the year is named. */
export interface Baseline {
  readonly year: number;
  readonly value?: number;
  /** The wording as printed, e.g. `76.7 (2017)` or `年均约5.3%`. */
  readonly wording?: string;
}

/** An indicator the framework itself defines. */
export interface FrameworkIndicator {
  readonly indicator: string;
  readonly group: string;
  /** 约束性 binding, 预期性 expected, 倡导性 advocacy. */
  readonly nature: IndicatorNature;
  /** 结果性 outcome, 过程性 process, 政府工作 government work, 倡导性 advocacy. */
  readonly kind: IndicatorKind;
  readonly baseline?: Baseline;
  readonly provenance?: Provenance;
  readonly note?: string;
}

/**
 * An indicator taken over from the parent framework. Nature and kind default to the
 * parent's; the adopting plan places it in one of its own groups and sets its own targets.
 */
export interface AdoptedIndicator {
  readonly indicator: string;
  readonly group: string;
  readonly nature?: IndicatorNature;
  readonly kind?: IndicatorKind;
  readonly baseline?: Baseline;
  readonly provenance?: Provenance;
  readonly note?: string;
}

export interface Framework {
  readonly code: string;
  readonly version: string;
  readonly name: LocalizedText;
  /** Region that issued the plan (`000000` for national plans). */
  readonly ownerRegion: string;
  readonly level: RegionLevel;
  /** Plan years, inclusive: Healthy Hebei 2023–2027 → { start: 2023, end: 2027 }. */
  readonly years: { readonly start: number; readonly end: number };
  readonly parent?: FrameworkRef;
  readonly groups: readonly FrameworkGroup[];
  readonly indicators: readonly FrameworkIndicator[];
  readonly adopts?: readonly AdoptedIndicator[];
  readonly targets: readonly Target[];
  readonly provenance?: Provenance;
}

/** An indicator as the framework uses it, whether its own or adopted. */
export interface EffectiveFrameworkIndicator extends FrameworkIndicator {
  /** Set when the indicator was adopted from the parent framework. */
  readonly adoptedFrom?: FrameworkRef;
}
