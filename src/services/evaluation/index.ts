/**
 * Evaluation over stored data: materialised aggregates (full rebuild, incremental refresh,
 * consistency check) and evaluation runs that write immutable result snapshots.
 * See docs/evaluation-runs.md.
 */
export { AggregateService, rebuildAggregates, refreshAffected, verifyAggregates, type RebuildReport, type RefreshReport, type VerifyReport } from './aggregate.service.js';
export { computeElementAggregates, periodChain, targetPeriods, inferLeafLevel, type ElementSpec } from './aggregate-compute.js';
export { compareRows, sameNumber, type AggregateMismatch } from './aggregate-verify.js';
export { loadProvinceTree, provinceOf } from './regions.js';
export { EvaluationService, runEvaluation, DEFAULT_PROGRESS_METHODS, SERIES_YEARS, type RunEvaluationInput, type RunYearsInput, type RunOutcome, type MethodChoice } from './run.service.js';
export { summarize, type RunSummary, type LaggingIndicator } from './summary.js';
export { canonicalJson, inputsHash } from './inputs-hash.js';
export { ValueBook, ValueStore, canonicalNumber, disaggregationOf, type IndicatorReading, type ElementReading, type ValueStatus, type ValueScope } from './values.js';
export { applicableTargets, isInheritable, TargetCache, type ApplicableTarget } from './targets.js';
export { type ResultDraft } from './judge.js';
export { thresholdOf } from '../../core/target/index.js';
