import type { WeightSpec } from '../types.js';

/** What a weighting method sees: one node's children and their values across units. */
export interface WeightContext {
  readonly node: string;
  readonly children: readonly string[];
  /** Rows = units with every child present, columns = children (normalised values). */
  readonly rows: ReadonlyArray<readonly number[]>;
  readonly spec: WeightSpec;
}

export interface WeightOutcome {
  /** Aligned with `children`, summing to 1. */
  readonly weights: readonly number[];
  readonly details?: Readonly<Record<string, unknown>>;
  /** Non-fatal remarks (inconsistent AHP judgements, renormalised explicit weights…). */
  readonly notes?: readonly string[];
}

/** One weighting strategy (see weights/index.ts for the registry). */
export interface WeightMethod {
  readonly name: string;
  compute(context: WeightContext): WeightOutcome;
}
