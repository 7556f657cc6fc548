/**
 * Aggregation: roll values up the region hierarchy and from fine to coarse periods following
 * each element's rule, with completeness and provenance. See docs/methods/aggregation.md.
 */
export {
  AGGREGATION_METHOD_VERSION,
  AGGREGATION_RULES,
  DEFAULT_COMPLETENESS_THRESHOLD,
  DEFAULT_LIST_CODES_UP_TO,
  type Aggregate,
  type AggregateInput,
  type AggregateWarning,
  type AggregationProvenance,
  type AggregationRule,
  type Coverage,
  type ExcludedInput,
  type ExclusionReason,
  type PeriodValue,
  type RatioParts,
} from './types.js';
export { aggregatePeriods, type Keyed, type PeriodAggregationOptions } from './aggregate-periods.js';
export { rollUpTree, type RollUpOptions } from './roll-up-tree.js';
export { aggregateIndicator, rollUpIndicator, type IndicatorAggregationOptions } from './indicator.js';
export { aggregateViaLineage, type LineageValueOptions } from './lineage-value.js';
