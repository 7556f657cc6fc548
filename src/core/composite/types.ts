/**
 * Composite indices (健康指数 / 分指数): the definition is data (YAML-able), the engine is
 * pure. A definition names indicators, arranges them in a tree (indicators → sub-indices →
 * index, any depth) and chooses, step by step, how to impute, treat outliers, normalise,
 * weight and aggregate. Every step records what it did.
 */
import type { LocalizedText } from '../indicator/types.js';

/** 正向 / 逆向. `neutral` context figures have no place in an index. */
export type Direction = 'higher_is_better' | 'lower_is_better';

/** One input value: `value` null means missing. `unit` is usually a region code. */
export interface Observation {
  readonly unit: string;
  readonly indicator: string;
  readonly period: string;
  readonly value: number | null;
}

// ---------------------------------------------------------------- configuration

export type ImputationMethod = 'none' | 'mean' | 'median' | 'locf';

export interface ImputationSpec {
  readonly method: ImputationMethod;
  /** Peer group per unit for `mean`/`median`; units absent here form one group `*` together. */
  readonly peers?: Readonly<Record<string, string>>;
}

export type OutlierMethod = 'none' | 'coinr';

/**
 * COINr-style treatment: while |skewness| > `skewness` AND kurtosis > `kurtosis`, winsorise one
 * more point on the skewed side, up to `maxWinsorised`; if that is not enough, undo and
 * log-transform instead (`fallback: 'log'`).
 */
export interface OutlierSpec {
  readonly method: OutlierMethod;
  readonly skewness?: number;
  readonly kurtosis?: number;
  readonly maxWinsorised?: number;
  readonly fallback?: 'log' | 'none';
}

export type NormalisationMethod = 'minmax' | 'zscore' | 'target' | 'rank' | 'percentile' | 'none';

export interface NormalisationSpec {
  readonly method: NormalisationMethod;
  /** Output interval for minmax/target/percentile: `[0, 1]` (default) or `[0, 100]`. */
  readonly range?: readonly [number, number];
  /** Fixed goalposts `[min, max]` in raw units (minmax, target's lower bound); observed bounds when absent. */
  readonly goalposts?: readonly [number, number];
  /** Take natural logs of the values and goalposts first (HDI income). */
  readonly log?: boolean;
  /** Cap normalised values to `range` (values beyond the goalposts, e.g. HDI caps). */
  readonly clamp?: boolean;
  /** z-score output mean and standard deviation, default `[0, 1]`. */
  readonly scale?: readonly [number, number];
}

export type WeightMethod = 'equal' | 'explicit' | 'ahp' | 'pca' | 'entropy';

export interface WeightSpec {
  readonly method: WeightMethod;
  /** `explicit`: weight per child code (normalised to sum 1). */
  readonly values?: Readonly<Record<string, number>>;
  /** `ahp`: reciprocal pairwise matrix in children order; entries may be numbers or `"1/3"`. */
  readonly matrix?: ReadonlyArray<ReadonlyArray<number | string>>;
  /** `pca`: number of principal components retained; default: eigenvalue > 1 (at least one). */
  readonly components?: number;
}

export type AggregationMethod = 'arithmetic' | 'geometric' | 'harmonic' | 'borda' | 'copeland';

export interface IndicatorSpec {
  readonly code: string;
  readonly name?: LocalizedText;
  readonly direction: Direction;
  /** Overrides the index-wide normalisation for this indicator. */
  readonly normalisation?: NormalisationSpec;
  /** Required by `target` normalisation: the value that scores the top of the range. */
  readonly target?: number;
  /** Overrides the index-wide outlier treatment (e.g. `{ method: none }` for goalposted data). */
  readonly outliers?: OutlierSpec;
}

export interface NodeSpec {
  readonly code: string;
  readonly name?: LocalizedText;
  /** Weights of this node's children; default: the index-wide weights. */
  readonly weights?: WeightSpec;
  readonly aggregation?: AggregationMethod;
  /** Indicator codes (leaves) or nested sub-indices. */
  readonly children: ReadonlyArray<string | NodeSpec>;
}

/** RSR grading by probit cut points; default three grades cut at 4 and 6. */
export interface RsrSpec {
  readonly cuts?: readonly number[];
  readonly labels?: readonly string[];
}

export interface SensitivitySpec {
  /** Each weight is multiplied by U(1 − p, 1 + p), then renormalised within its node. Default 0.25. */
  readonly weightPerturbation?: number;
  /** Normalisations drawn uniformly per replicate; default: the configured one only. */
  readonly normalisation?: readonly NormalisationSpec[];
  /** Aggregations drawn uniformly per replicate (applied to every node); default: as configured. */
  readonly aggregation?: readonly AggregationMethod[];
}

export interface IndexConfig {
  readonly id: string;
  readonly name?: LocalizedText;
  readonly description?: string;
  /** Shipped demonstration definitions say so; results carry the flag. */
  readonly demonstration?: boolean;
  readonly indicators: readonly IndicatorSpec[];
  readonly structure: NodeSpec;
  readonly imputation: ImputationSpec;
  readonly outliers: OutlierSpec;
  readonly normalisation: NormalisationSpec;
  readonly weights: WeightSpec;
  readonly aggregation: AggregationMethod;
  /** How a node treats a missing child: renormalise the other weights (default) or give missing. */
  readonly missing: 'reweight' | 'propagate';
  readonly topsis?: boolean;
  readonly rsr?: RsrSpec;
  readonly sensitivity?: SensitivitySpec;
}

// ---------------------------------------------------------------- provenance records

export interface ImputationRecord {
  readonly unit: string;
  readonly indicator: string;
  readonly method: ImputationMethod;
  readonly value: number;
  /** Peer units averaged, or the period carried forward. */
  readonly peers?: readonly string[];
  readonly fromPeriod?: string;
}

export interface OutlierRecord {
  readonly indicator: string;
  readonly skewness: number | null;
  readonly kurtosis: number | null;
  readonly action: 'none' | 'winsorised' | 'log' | 'untreated';
  /** Winsorised points: unit, original and replacement value. */
  readonly winsorised: ReadonlyArray<{ readonly unit: string; readonly from: number; readonly to: number }>;
  /** Skewness and kurtosis after treatment. */
  readonly skewnessAfter: number | null;
  readonly kurtosisAfter: number | null;
  readonly note?: string;
}

export interface NormalisationRecord {
  readonly indicator: string;
  readonly method: NormalisationMethod;
  readonly direction: Direction;
  /** The numbers the formula used: bounds, mean/sd, target… */
  readonly params: Readonly<Record<string, number | string | boolean | readonly number[]>>;
  readonly degenerate?: string;
}

export interface WeightRecord {
  readonly node: string;
  readonly method: WeightMethod;
  readonly weights: Readonly<Record<string, number>>;
  /** AHP: λmax, CI, RI, CR; PCA: eigenvalues, retained; entropy: entropies. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface NodeScore {
  readonly node: string;
  readonly unit: string;
  readonly value: number | null;
  /** 1 = best; ties share the lower rank (1, 2, 2, 4); null when value is null. */
  readonly rank: number | null;
  /** Children that were missing and re-weighted away. */
  readonly missingChildren?: readonly string[];
}
