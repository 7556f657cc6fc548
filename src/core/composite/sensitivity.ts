/**
 * Monte Carlo uncertainty and sensitivity analysis (OECD/JRC Handbook §7; COINr `get_sensitivity`).
 * Each replicate draws, from one seeded generator and in a fixed order:
 *   1. a normalisation from the alternatives (uniformly; only if more than one),
 *   2. an aggregation method from the alternatives (uniformly; only if more than one),
 *   3. for every node in evaluation order, each child weight times U(1 − p, 1 + p), renormalised.
 * The index is recomputed and units ranked (1 = best). Reported per unit: the nominal rank,
 * the median rank and the 90% interval [5th, 95th percentile] (quantile type 7).
 */
import { VitalsError } from '../errors.js';
import { seededRandom, type Random } from './random.js';
import { descendingRanks, quantile } from './stats.js';
import type { AggregationMethod, NormalisationSpec, SensitivitySpec } from './types.js';

export interface ReplicateChoice {
  readonly normalisation?: NormalisationSpec;
  readonly aggregation?: AggregationMethod;
  /** Returns perturbed weights (same order, summing to 1). */
  readonly perturb: (weights: readonly number[]) => number[];
}

export interface SensitivityUnit {
  readonly unit: string;
  readonly nominalRank: number | null;
  readonly medianRank: number | null;
  readonly rankP05: number | null;
  readonly rankP95: number | null;
  /** Replicates in which the unit had a score. */
  readonly replicates: number;
}

export interface SensitivityResult {
  readonly method: 'monte-carlo';
  readonly methodVersion: string;
  readonly seed: number;
  readonly replicates: number;
  readonly params: {
    readonly weightPerturbation: number;
    readonly normalisation: readonly NormalisationSpec[];
    readonly aggregation: readonly AggregationMethod[];
  };
  readonly units: SensitivityUnit[];
}

export interface MonteCarloInput {
  readonly units: readonly string[];
  readonly nominal: ReadonlyArray<number | null>;
  readonly replicates: number;
  readonly seed: number;
  readonly spec: SensitivitySpec;
  /** Recomputes the root scores under one replicate's choices. */
  readonly run: (choice: ReplicateChoice) => ReadonlyArray<number | null>;
}

export function perturbWeights(rng: Random, weights: readonly number[], p: number): number[] {
  const raw = weights.map((w) => w * rng.uniform(1 - p, 1 + p));
  const total = raw.reduce((s, w) => s + w, 0);
  return total > 0 ? raw.map((w) => w / total) : [...weights];
}

export function monteCarloRanks(input: MonteCarloInput): SensitivityResult {
  const { units, replicates, seed, spec } = input;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `sensitivity replicates must be a positive integer; got ${replicates}` });
  }
  const rng = seededRandom(seed);
  const p = spec.weightPerturbation ?? 0.25;
  const norms = spec.normalisation ?? [];
  const aggs = spec.aggregation ?? [];
  const ranks: number[][] = units.map(() => []);
  for (let r = 0; r < replicates; r++) {
    const normalisation = norms.length > 1 ? norms[rng.int(norms.length)] : norms[0];
    const aggregation = aggs.length > 1 ? aggs[rng.int(aggs.length)] : aggs[0];
    const scores = input.run({
      ...(normalisation ? { normalisation } : {}),
      ...(aggregation ? { aggregation } : {}),
      perturb: (w) => perturbWeights(rng, w, p),
    });
    descendingRanks(scores).forEach((rank, i) => rank !== null && ranks[i]!.push(rank));
  }
  const nominal = descendingRanks(input.nominal);
  return {
    method: 'monte-carlo',
    methodVersion: '1.0.0',
    seed,
    replicates,
    params: { weightPerturbation: p, normalisation: norms, aggregation: aggs },
    units: units.map((unit, i) => {
      const rs = ranks[i]!.sort((a, b) => a - b);
      const q = (x: number): number | null => (rs.length ? quantile(rs, x) : null);
      return { unit, nominalRank: nominal[i]!, medianRank: q(0.5), rankP05: q(0.05), rankP95: q(0.95), replicates: rs.length };
    }),
  };
}
