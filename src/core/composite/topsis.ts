/**
 * TOPSIS (逼近理想解法, Hwang & Yoon 1981) on a units × criteria matrix:
 *   r_ij = x_ij / √(Σ_i x_ij²)              (vector normalisation)
 *   v_ij = w_j · r_ij                        (w rescaled to sum 1)
 *   A⁺_j = max_i v_ij (benefit) or min (cost);  A⁻_j the opposite
 *   D⁺_i = √Σ_j (v_ij − A⁺_j)²,  D⁻_i = √Σ_j (v_ij − A⁻_j)²
 *   C_i = D⁻_i / (D⁺_i + D⁻_i)  ∈ [0, 1], higher is better.
 */
import { VitalsError } from '../errors.js';
import { descendingRanks } from './stats.js';
import type { Direction } from './types.js';

/** TOPSIS needs one unit with complete data to define the ideal and anti-ideal points. */
export const TOPSIS_MIN_UNITS = 1;

export interface TopsisInput {
  readonly units: readonly string[];
  readonly criteria: readonly string[];
  /** rows[i][j]: unit i, criterion j (complete, no missing values). */
  readonly rows: ReadonlyArray<readonly number[]>;
  readonly weights: readonly number[];
  readonly directions: readonly Direction[];
}

export interface TopsisResult {
  readonly method: 'topsis';
  readonly methodVersion: string;
  readonly weights: number[];
  readonly ideal: number[];
  readonly antiIdeal: number[];
  readonly units: ReadonlyArray<{ unit: string; dPlus: number; dMinus: number; closeness: number; rank: number }>;
}

export function topsis(input: TopsisInput): TopsisResult {
  const { units, criteria, rows, directions } = input;
  if (rows.length < TOPSIS_MIN_UNITS) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'TOPSIS needs at least one unit with complete data' });
  rows.forEach((r, i) => {
    if (r.length !== criteria.length || r.some((x) => !Number.isFinite(x))) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `TOPSIS unit ${units[i]}: needs ${criteria.length} finite values` });
    }
  });
  const total = input.weights.reduce((s, w) => s + w, 0);
  const weights = input.weights.map((w) => w / total);
  const norms = criteria.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + r[j]! ** 2, 0)));
  const v = rows.map((r) => r.map((x, j) => (norms[j]! > 0 ? (weights[j]! * x) / norms[j]! : 0)));
  const column = (j: number): number[] => v.map((r) => r[j]!);
  const benefit = (j: number): boolean => directions[j] === 'higher_is_better';
  const ideal = criteria.map((_, j) => (benefit(j) ? Math.max(...column(j)) : Math.min(...column(j))));
  const antiIdeal = criteria.map((_, j) => (benefit(j) ? Math.min(...column(j)) : Math.max(...column(j))));
  const dist = (r: readonly number[], ref: readonly number[]): number => Math.sqrt(r.reduce((s, x, j) => s + (x - ref[j]!) ** 2, 0));
  const scored = v.map((r, i) => {
    const dPlus = dist(r, ideal);
    const dMinus = dist(r, antiIdeal);
    // Every unit identical: no separation; call it the middle.
    const closeness = dPlus + dMinus === 0 ? 0.5 : dMinus / (dPlus + dMinus);
    return { unit: units[i]!, dPlus, dMinus, closeness };
  });
  const ranks = descendingRanks(scored.map((s) => s.closeness));
  return {
    method: 'topsis',
    methodVersion: '1.0.0',
    weights,
    ideal,
    antiIdeal,
    units: scored.map((s, i) => ({ ...s, rank: ranks[i]! })),
  };
}
