/**
 * Evaluation over stored data: materialised aggregates (full rebuild, incremental refresh,
 * consistency check) and evaluation runs that write immutable result snapshots.
 * See docs/evaluation-runs.md.
 */
export { AggregateService, type RebuildReport, type RefreshReport, type VerifyReport } from './aggregate.service.js';
export { computeElementAggregates, periodChain, targetPeriods, inferLeafLevel, type ElementSpec } from './aggregate-compute.js';
export { compareRows, sameNumber, type AggregateMismatch } from './aggregate-verify.js';
export { loadProvinceTree, provinceOf } from './regions.js';
