/** Frameworks (plans): groups, indicators with their nature, adoption from a parent plan, targets. */
export type {
  AdoptedIndicator,
  Baseline,
  EffectiveFrameworkIndicator,
  Framework,
  FrameworkGroup,
  FrameworkIndicator,
  FrameworkRef,
} from './types.js';
export { effectiveIndicators, findFrameworkIndicator, frameworkIndicatorCodes, frameworkKey } from './framework.js';
export { INDICATOR_KINDS, INDICATOR_NATURES, validateFramework, type FrameworkValidationOptions } from './validate.js';
