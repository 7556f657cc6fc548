/**
 * Validation of entered data: rules in the expression language, outlier checks against
 * history and peers, and what still blocks submission. See docs/workflow.md.
 */
export {
  RULE_IMPORTANCES,
  RULE_MISSING_STRATEGIES,
  type RuleImportance,
  type RuleMissingStrategy,
  type ValidationRuleInput,
  type ValidationRule,
  type RuleOutcome,
  type RuleResult,
  type RuleViolation,
  type ValidationRun,
  type OutlierMethod,
  type OutlierFlag,
  type SampleReference,
  type PreviousReference,
  type SubmissionBlocker,
} from './types.js';
export { parseValidationRules, runValidationRules, comparisonHolds, VALIDATION_METHOD_VERSION } from './rules.js';
export {
  median,
  medianAbsoluteDeviation,
  meanAbsoluteDeviation,
  modifiedZ,
  MODIFIED_Z_CONSTANT,
  MEAN_AD_CONSTANT,
  DEFAULT_MODIFIED_Z_THRESHOLD,
  type ModifiedZ,
} from './robust.js';
export { detectOutliers, OUTLIER_METHOD_VERSION, type OutlierOptions, type OutlierInput, type OutlierCheck } from './outliers.js';
export { submissionBlockers, assertSubmittable, ruleExplanationKey, valueExplanationKey, type Explanations } from './blockers.js';
