/**
 * The composite-index pipeline: for each period, impute → treat outliers → normalise →
 * weight → aggregate up the tree → rank; optionally TOPSIS, RSR and a Monte Carlo
 * sensitivity analysis. The same definition serves monthly, quarterly and annual data: each
 * period is computed on its own (LOCF looks back within the period type).
 */
import { Diagnostics, type Diagnostic } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { aggregateNode } from './aggregation.js';
import { normaliseIndicator } from './normalisation.js';
import { checkObservations, periodsIn, preparePeriod, type PreparedPeriod } from './prepare.js';
import { runMultiCriteria } from './multi-criteria.js';
import type { RsrResult } from './rsr.js';
import { monteCarloRanks, type ReplicateChoice, type SensitivityResult } from './sensitivity.js';
import { descendingRanks } from './stats.js';
import type { TopsisResult } from './topsis.js';
import type {
  ImputationRecord,
  IndexConfig,
  NodeScore,
  NodeSpec,
  NormalisationRecord,
  Observation,
  OutlierRecord,
  WeightRecord,
} from './types.js';
import { computeWeights } from './weights/index.js';

export const COMPOSITE_METHOD = 'vitals.composite-index';
export const COMPOSITE_METHOD_VERSION = '1.0.0';

export interface IndexRunOptions {
  /** Compute only this period; default every period in the data. */
  readonly period?: string;
  /** Monte Carlo replicates and seed; omitted = no sensitivity analysis. */
  readonly sensitivity?: { readonly replicates: number; readonly seed: number };
}

/** One indicator value of one unit through every step: the provenance of each figure. */
export interface IndicatorTrace {
  readonly indicator: string;
  readonly unit: string;
  readonly raw: number | null;
  readonly imputed: boolean;
  readonly treated: number | null;
  readonly normalised: number | null;
}

export interface IndexResult {
  readonly method: typeof COMPOSITE_METHOD;
  readonly methodVersion: string;
  readonly index: string;
  readonly demonstration: boolean;
  readonly period: string;
  readonly params: IndexConfig;
  readonly units: readonly string[];
  /** Every node (sub-indices and the root, which is `config.structure.code`) × unit. */
  readonly scores: NodeScore[];
  readonly indicators: IndicatorTrace[];
  readonly imputation: ImputationRecord[];
  readonly outliers: OutlierRecord[];
  readonly normalisation: NormalisationRecord[];
  readonly weights: WeightRecord[];
  /** Each indicator's share of the root: the product of the weights on its path. */
  readonly effectiveWeights: Readonly<Record<string, number>>;
  /** Absent when not configured, or skipped (warned) because no unit has complete data. */
  readonly topsis?: TopsisResult;
  /** Absent when not configured, or skipped (warned) because fewer than 3 units have complete data. */
  readonly rsr?: RsrResult;
  /** Units without a TOPSIS/RSR score because an indicator is missing (empty when neither is configured). */
  readonly incompleteUnits: readonly string[];
  readonly sensitivity?: SensitivityResult;
  readonly warnings: readonly Diagnostic[];
}

interface TreeRun {
  readonly nodes: Map<string, { values: Array<number | null>; missing: string[][] }>;
  readonly normalised: Map<string, Array<number | null>>;
  readonly normalisation: NormalisationRecord[];
  readonly weights: WeightRecord[];
}

/** Normalise the leaves and aggregate every node; `choice` overrides for Monte Carlo replicates. */
function scoreTree(config: IndexConfig, prepared: PreparedPeriod, choice?: ReplicateChoice): TreeRun {
  const { units } = prepared;
  const normalised = new Map<string, Array<number | null>>();
  const normalisation: NormalisationRecord[] = [];
  for (const spec of config.indicators) {
    const n = normaliseIndicator(choice?.normalisation ?? spec.normalisation ?? config.normalisation, {
      indicator: spec.code,
      direction: spec.direction,
      ...(spec.target !== undefined ? { target: spec.target } : {}),
      units,
      values: prepared.treated.get(spec.code)!,
    });
    normalised.set(spec.code, n.values);
    normalisation.push(n.record);
  }
  const nodes = new Map<string, { values: Array<number | null>; missing: string[][] }>();
  const weights: WeightRecord[] = [];
  const visit = (node: NodeSpec): Array<number | null> => {
    const children = node.children.map((c) => (typeof c === 'string' ? c : c.code));
    const values = node.children.map((c) => (typeof c === 'string' ? normalised.get(c)! : visit(c)));
    const spec = node.weights ?? config.weights;
    // Only data-driven weights look at the values; skip building rows for the others.
    const dataDriven = spec.method === 'pca' || spec.method === 'entropy';
    const rows = dataDriven ? units.flatMap((_, i) => (values.every((col) => col[i] !== null) ? [values.map((col) => col[i] as number)] : [])) : [];
    const outcome = computeWeights({ node: node.code, children, rows, spec });
    const used = choice ? choice.perturb(outcome.weights) : [...outcome.weights];
    weights.push({
      node: node.code,
      method: spec.method,
      weights: Object.fromEntries(children.map((c, j) => [c, used[j]!])),
      details: { ...(outcome.details ?? {}), ...(outcome.notes?.length ? { notes: outcome.notes } : {}) },
    });
    const agg = aggregateNode({
      node: node.code,
      children,
      units,
      values,
      weights: used,
      method: choice?.aggregation ?? node.aggregation ?? config.aggregation,
      missing: config.missing,
    });
    nodes.set(node.code, { values: agg.values, missing: agg.missingChildren });
    return agg.values;
  };
  visit(config.structure);
  return { nodes, normalised, normalisation, weights };
}

function effectiveWeights(config: IndexConfig, weights: readonly WeightRecord[]): Record<string, number> {
  const byNode = new Map(weights.map((w) => [w.node, w.weights]));
  const out: Record<string, number> = {};
  const walk = (node: NodeSpec, share: number): void => {
    for (const child of node.children) {
      const code = typeof child === 'string' ? child : child.code;
      const w = share * (byNode.get(node.code)?.[code] ?? 0);
      if (typeof child === 'string') out[code] = w;
      else walk(child, w);
    }
  };
  walk(config.structure, 1);
  return out;
}

/** Compute the index for one period. */
export function computeIndexForPeriod(config: IndexConfig, observations: readonly Observation[], period: string, options: IndexRunOptions = {}): IndexResult {
  const diagnostics = new Diagnostics([`index ${config.id}`, `period ${period}`]);
  const prepared = preparePeriod(config, observations, period, diagnostics);
  const run = scoreTree(config, prepared);
  for (const w of run.weights) {
    const notes = (w.details?.notes as string[] | undefined) ?? [];
    for (const note of notes) if (/consistency ratio|rescaled/.test(note)) diagnostics.inContext(`node ${w.node}`).warn('VITALS_W_INCONSISTENT_WEIGHTS', note);
  }
  const { units } = prepared;
  const scores: NodeScore[] = [];
  for (const [node, { values, missing }] of run.nodes) {
    const ranks = descendingRanks(values);
    units.forEach((unit, i) => scores.push({ node, unit, value: values[i]!, rank: ranks[i]!, ...(missing[i]!.length ? { missingChildren: missing[i]! } : {}) }));
  }
  const imputed = new Set(prepared.imputation.map((r) => `${r.unit}|${r.indicator}`));
  const indicators: IndicatorTrace[] = config.indicators.flatMap((spec) =>
    units.map((unit, i) => ({
      indicator: spec.code,
      unit,
      raw: prepared.raw.get(spec.code)![i]!,
      imputed: imputed.has(`${unit}|${spec.code}`),
      treated: prepared.treated.get(spec.code)![i]!,
      normalised: run.normalised.get(spec.code)![i]!,
    })),
  );
  const effective = effectiveWeights(config, run.weights);
  const multi = runMultiCriteria(config, prepared, effective, diagnostics);
  const root = run.nodes.get(config.structure.code)!.values;
  let sensitivity: SensitivityResult | undefined;
  if (options.sensitivity) {
    sensitivity = monteCarloRanks({
      units,
      nominal: root,
      replicates: options.sensitivity.replicates,
      seed: options.sensitivity.seed,
      spec: config.sensitivity ?? {},
      run: (choice) => scoreTree(config, prepared, choice).nodes.get(config.structure.code)!.values,
    });
  }
  return {
    method: COMPOSITE_METHOD,
    methodVersion: COMPOSITE_METHOD_VERSION,
    index: config.id,
    demonstration: config.demonstration === true,
    period,
    params: config,
    units,
    scores,
    indicators,
    imputation: prepared.imputation,
    outliers: prepared.outliers,
    normalisation: run.normalisation,
    weights: run.weights,
    effectiveWeights: effective,
    ...(multi.topsis ? { topsis: multi.topsis } : {}),
    ...(multi.rsr ? { rsr: multi.rsr } : {}),
    incompleteUnits: multi.incompleteUnits,
    ...(sensitivity ? { sensitivity } : {}),
    warnings: diagnostics.warnings,
  };
}

/**
 * Compute the index for every period in the data (or `options.period` only).
 * @throws VitalsError VITALS_E_INVALID_INPUT for bad observations or a period without data.
 * @example computeIndex(parseIndexConfig(yaml.parse(text)), observations, { period: '2025' })
 */
export function computeIndex(config: IndexConfig, observations: readonly Observation[], options: IndexRunOptions = {}): IndexResult[] {
  checkObservations(observations);
  const periods = options.period ? [options.period] : periodsIn(config, observations);
  if (periods.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'the data hold no observations of this index’s indicators' });
  return periods.map((p) => computeIndexForPeriod(config, observations, p, options));
}
