/**
 * Shapes of the shipped content once loaded and validated. Targets are core `Target`s with a
 * stable id; frameworks, groups and framework indicators are described here until the core
 * framework model lands (the lead maps them onto it).
 */
import type { DataElement, IndicatorDefinition, IndicatorKind, IndicatorNature, LocalizedText } from '../core/indicator/types.js';
import type { SourceRef, VerificationFlag } from '../core/provenance.js';
import type { RegionLevel } from '../core/region/types.js';
import type { Target } from '../core/target/types.js';

/** The indicator catalogue: every data element and indicator any framework or dataset uses. */
export interface IndicatorCatalogue {
  readonly dataElements: readonly DataElement[];
  readonly indicators: readonly IndicatorDefinition[];
}

/** A 专项行动 (special action) or domain; `parent` nests actions under a category. */
export interface FrameworkGroup {
  readonly code: string;
  readonly name: LocalizedText;
  readonly parent?: string;
}

/** A baseline as the plan states it; `text` keeps non-numeric statements (`2002—2012年平均每年增长约5.3%`). */
export interface StatedBaseline {
  readonly year?: number;
  readonly value?: number;
  readonly text?: string;
  /** Set only when the baseline is less certain than the row (e.g. "baseline recalled"). */
  readonly verification?: VerificationFlag;
}

/** An indicator as used by one framework: its group, nature and stated baseline. */
export interface FrameworkIndicator {
  readonly code: string;
  readonly group?: string;
  readonly nature?: IndicatorNature;
  readonly kind?: IndicatorKind;
  readonly baseline?: StatedBaseline;
  /** Code of the higher-level framework whose indicator this plan adopts. */
  readonly adoptedFrom?: string;
  readonly verification: VerificationFlag;
  readonly sourceTable?: string;
  readonly note?: string;
}

/** A target with a stable id (`framework:INDICATOR@scope:year[#key]`) and its group. */
export interface ContentTarget extends Target {
  readonly id: string;
  readonly group?: string;
  readonly note?: string;
  /** Reference table (under content/frameworks/sources/) and its 1-based data row. */
  readonly sourceTable?: string;
  readonly sourceRow?: number;
}

/** A versioned plan with its groups, indicators and targets. */
export interface Framework {
  readonly code: string;
  readonly version: string;
  readonly name: LocalizedText;
  readonly ownerRegion: string;
  readonly level: RegionLevel;
  readonly startYear: number;
  readonly endYear: number;
  readonly source: SourceRef;
  readonly groups: readonly FrameworkGroup[];
  readonly indicators: readonly FrameworkIndicator[];
  readonly targets: readonly ContentTarget[];
  /** Content file the framework was read from, relative to the content directory. */
  readonly file: string;
}

/**
 * One observed value in the exchange format `region,indicator,period,value,…`.
 * `indicator` holds a DATA ELEMENT code: counts (`LIVE_BIRTHS`), or, for published rates whose
 * numerator Vitals does not store, the reported-value element that shares the indicator's code
 * (`IMR`). `period` uses the stable codes `2025`, `2025M07`.
 */
export interface ObservationRow {
  readonly region: string;
  readonly indicator: string;
  readonly period: string;
  readonly value: number;
  /** Disaggregation; absent means the total. */
  readonly sex?: 'male' | 'female';
  readonly source: string;
  readonly verification: VerificationFlag;
  readonly note?: string;
}
