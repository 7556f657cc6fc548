/** Progress towards milestones: trajectory, Statistics Canada, Eurostat and SDSN methods. */
export type {
  LocalizedLabel,
  ProgressCategory,
  ProgressInput,
  ProgressInputsUsed,
  ProgressMethod,
  ProgressPolarity,
  ProgressResult,
  ProgressWarning,
  TimePoint,
} from './types.js';
export { UNABLE_TO_ASSESS } from './types.js';
export { PROGRESS_METHODS, PROGRESS_METHOD_NAMES, assessProgress, getProgressMethod, type ProgressMethodName } from './registry.js';
export { trajectoryMethod, expectedOnPath, type TrajectoryParams } from './trajectory.method.js';
export {
  statcanMethod,
  statcanScoreWithTarget,
  statcanScoreNoTarget,
  statcanStatusFromScore,
  statcanCategoryForRatio,
  statcanCategoryForGrowth,
  STATCAN_THRESHOLDS,
  type StatcanParams,
} from './statcan.method.js';
export { eurostatMethod, eurostatCategoryForRatio, eurostatCategoryForGrowth, EUROSTAT_THRESHOLDS, EUROSTAT_VARIANT_CATEGORIES, type EurostatParams } from './eurostat.method.js';
export { sdsnMethod, SDSN_THRESHOLDS, type SdsnParams } from './sdsn.method.js';
export { limitScalingFactor, STATCAN_LIMIT_EXPONENT } from './growth.js';
export { cagr, directionOf, validateProgressInput } from './series.js';
