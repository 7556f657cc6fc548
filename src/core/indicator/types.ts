/**
 * Data elements (stored quantities) and indicators (formulas over data elements).
 * Names follow ../shared/glossary.md.
 */
import type { Provenance } from '../provenance.js';
import type { PeriodType } from '../period/types.js';

/** 正向 higher-is-better, 逆向 lower-is-better; `neutral` for context figures (population). */
export type Polarity = 'higher_is_better' | 'lower_is_better' | 'neutral';

/**
 * How values combine up the region hierarchy and from fine to coarse periods.
 * - `sum`: counts (births, deaths, beds).
 * - `ratio_of_sums`: rates; aggregate numerator and denominator first, then divide.
 * - `population_weighted_mean`: rates without stored numerators (life expectancy).
 * - `last_value`: stocks observed at period end (beds at year end).
 * - `not_aggregatable`: survey estimates, reported per level only.
 */
export type AggregationRule = 'sum' | 'ratio_of_sums' | 'population_weighted_mean' | 'last_value' | 'not_aggregatable';

/** 约束性 binding, 预期性 expected, 倡导性 advocacy. */
export type IndicatorNature = 'binding' | 'expected' | 'advocacy';

/** 结果性 outcome, 过程性 process, 政府工作 government work item. */
export type IndicatorKind = 'outcome' | 'process' | 'government_work' | 'advocacy';

export interface LocalizedText {
  readonly zh: string;
  readonly en?: string;
}

export interface DataElement {
  readonly code: string;
  readonly name: LocalizedText;
  readonly unit: string;
  readonly aggregation: AggregationRule;
  readonly periodType: PeriodType;
  /** Data element that weights `population_weighted_mean` (e.g. `POP`). */
  readonly weightElement?: string;
  readonly definition?: LocalizedText;
  readonly source?: string;
  readonly responsibleDepartment?: string;
}

/** Scale applied to numerator/denominator: 100 for %, 1000 for ‰, 100000 for 1/10万. */
export type IndicatorFactor = 1 | 100 | 1000 | 10000 | 100000;

export interface IndicatorDefinition {
  readonly code: string;
  readonly name: LocalizedText;
  readonly unit: string;
  readonly polarity: Polarity;
  readonly periodType: PeriodType;
  readonly aggregation: AggregationRule;
  /**
   * Either a ratio (`numerator`/`denominator` expressions over data-element codes, times
   * `factor`) or a direct `formula` (a single expression, e.g. `LE` or `BEDS / POP * 1000`).
   */
  readonly numerator?: string;
  readonly denominator?: string;
  readonly factor?: IndicatorFactor;
  readonly formula?: string;
  /**
   * Data element that weights `population_weighted_mean` aggregation (e.g. `POP`). When absent,
   * a formula that is a single data element borrows that element's `weightElement`.
   */
  readonly weightElement?: string;
  /** For bounded indicators (%), the natural limits used by progress methods. */
  readonly bounds?: { readonly min?: number; readonly max?: number };
  readonly definition?: LocalizedText;
  readonly source?: string;
  readonly responsibleDepartment?: string;
  readonly provenance?: Provenance;
}
