/** Early warning at in-year checkpoints (H1, Q3): year-to-date path, projection, required change. */
export type {
  CheckpointInput,
  CheckpointParams,
  CheckpointReason,
  CheckpointResult,
  ProjectionAssessment,
  WarningLevel,
  YtdAggregation,
  YtdAssessment,
} from './types.js';
export { WARNING_LEVELS } from './types.js';
export { assessCheckpoint, resolveCheckpointParams, DEFAULT_CHECKPOINT_PARAMS, CHECKPOINT_METHOD_VERSION } from './checkpoint.js';
export { checkpointLabel } from './reasons.js';
export { cumulativeYtd, latestYtdValue, shareAt, seasonalShareFromHistory, type SeasonalPoint, type SubAnnualValue, type CumulativeYtd } from './ytd.js';
export { weightedLinearFit, predict, type WeightedPoint, type WeightedLinearFit, type Prediction } from './wls.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
