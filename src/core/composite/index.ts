/**
 * Composite health indices (健康指数): definition parsing, the step functions, TOPSIS, RSR and
 * the Monte Carlo sensitivity analysis. See docs/methods/composite.md.
 */
export type * from './types.js';
export { parseIndexConfig, parseJudgement, AGGREGATION_METHODS } from './config.js';
export { imputeIndicator, type PreviousValue } from './imputation.js';
export { treatIndicator, skewLog } from './outliers.js';
export { normaliseIndicator, type NormaliseInput } from './normalisation.js';
export {
  computeWeights,
  WEIGHT_METHODS,
  ahp,
  SAATY_RANDOM_INDEX,
  CR_THRESHOLD,
  entropyWeights,
  pcaWeights,
  type AhpResult,
  type EntropyResult,
  type PcaResult,
  type WeightContext,
  type WeightMethod,
  type WeightOutcome,
} from './weights/index.js';
export { aggregateNode, type AggregationInput, type AggregationOutput } from './aggregation.js';
export { topsis, type TopsisInput, type TopsisResult } from './topsis.js';
export { rankSumRatio, RSR_GRADE_TABLES, type RsrInput, type RsrResult, type RsrUnit } from './rsr.js';
export { monteCarloRanks, perturbWeights, type MonteCarloInput, type ReplicateChoice, type SensitivityResult, type SensitivityUnit } from './sensitivity.js';
export { seededRandom, type Random } from './random.js';
export { normalQuantile } from './normal.js';
export { skewness, kurtosis, averageRanks, descendingRanks, quantile } from './stats.js';
export { checkObservations, periodsIn } from './prepare.js';
export {
  computeIndex,
  computeIndexForPeriod,
  COMPOSITE_METHOD,
  COMPOSITE_METHOD_VERSION,
  type IndexResult,
  type IndexRunOptions,
  type IndicatorTrace,
} from './pipeline.js';
