/**
 * Scoring, grading and explaining: assessment schemes as data, one rule module per item
 * scoring rule, and `scoreRegion` that decomposes every total into its items.
 */
export type {
  BilingualText,
  DimensionScore,
  GradeBand,
  GradeCode,
  ItemCategory,
  ItemInput,
  ItemKind,
  ItemScore,
  RegionScore,
  RegionScoringInput,
  Scheme,
  SchemeDimension,
  SchemeItem,
  ScoredPolarity,
  ScoringProvenance,
  ScoringRuleName,
  UsedValues,
  VetoPolicy,
} from './types.js';
export { GRADE_CODES } from './types.js';
export type { ScoringRule, RuleOutcome, NormalizedInput, ItemDraft } from './rule.js';
export { SCORING_RULES, SCORING_RULE_NAMES, isScoringRuleName, requireScoringRule, linearRangeProblem, bandText, bandContains, type BandClosedEnd, type ValueBand } from './rules/index.js';
export { parseScheme, validateScheme, isValidatedScheme, type SchemeValidation, type SchemeValidationOptions } from './scheme.js';
export { scoreRegion, scoreRegions, gradeFor, canonicalInputs, SCORING_METHOD_VERSION, SCORE_COMPARE_DECIMALS } from './score.js';
export { roundTo } from './format.js';
export { inputsFromItemRows, inputsFromObservations, type ItemRow, type ObservationRow } from './inputs.js';
