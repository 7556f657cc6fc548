/**
 * Shapes of the shipped content once loaded and validated: core domain types plus what a
 * reviewer needs to trace them back (file, source table and row, notes).
 */
import type { Framework } from '../core/framework/index.js';
import type { DataElement, IndicatorDefinition } from '../core/indicator/types.js';
import type { SourceRef, VerificationFlag } from '../core/provenance.js';
import type { Target } from '../core/target/types.js';

/** The indicator catalogue: every data element and indicator any framework or dataset uses. */
export interface IndicatorCatalogue {
  readonly dataElements: readonly DataElement[];
  readonly indicators: readonly IndicatorDefinition[];
  /**
   * Indicator code → the data element holding its stored value: the value of a direct
   * indicator (`HEALTH_LITERACY` → `HEALTH_LITERACY_VALUE`) or the officially reported value
   * of a computed rate (`IMR` → `IMR_VALUE`), used where its numerator and denominator are absent.
   */
  readonly valueElements: ReadonlyMap<string, string>;
}

/** A framework as shipped: the core `Framework` plus the file it came from and its source document. */
export interface LoadedFramework extends Framework {
  readonly source: SourceRef;
  readonly targets: readonly ContentTarget[];
  /** Content file the framework was read from, relative to the content directory. */
  readonly file: string;
}

/** A target with a stable id (`framework:INDICATOR@scope:year`). */
export interface ContentTarget extends Target {
  readonly id: string;
  readonly note?: string;
  /** Reference table (under content/frameworks/sources/) and its 1-based data row. */
  readonly sourceTable?: string;
  readonly sourceRow?: number;
}

/**
 * One observed value in the exchange format `region,indicator,period,value,…`.
 * `indicator` holds a DATA ELEMENT code: counts (`LIVE_BIRTHS`), or the value element of an
 * indicator (`IMR_VALUE`: a published rate whose numerator Vitals does not store;
 * `HEALTH_LITERACY_VALUE`: a survey estimate). `period` uses the stable codes `2025`, `2025M07`.
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
