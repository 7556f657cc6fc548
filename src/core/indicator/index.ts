/** Data elements and indicators: definitions, unit factors and phased compilation. */
export type {
  AggregationRule,
  DataElement,
  IndicatorDefinition,
  IndicatorFactor,
  IndicatorKind,
  IndicatorNature,
  LocalizedText,
  Polarity,
} from './types.js';
export { unitFactor, INDICATOR_FACTORS } from './units.js';
export { AGGREGATION_RULES, POLARITIES } from './shape.js';
export { compileIndicators, type IndicatorCompilation } from './compile.js';
export { INDICATOR_METHOD_VERSION, type CompiledIndicator, type IndicatorResult, type IndicatorValues } from './compiled.js';
