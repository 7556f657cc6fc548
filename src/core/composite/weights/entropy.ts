/**
 * Entropy-weight method (熵权法). For m units and non-negative column x_·j:
 *   p_ij = x_ij / Σ_i x_ij,   e_j = −(1/ln m) Σ_i p_ij ln p_ij  (0·ln 0 = 0),
 *   d_j = 1 − e_j,            w_j = d_j / Σ_j d_j.
 * A column that is constant (or all zero) has e_j = 1 and gets weight 0; if every column does,
 * the weights fall back to equal (noted).
 */
import { VitalsError } from '../../errors.js';
import type { WeightMethod } from './types.js';

export interface EntropyResult {
  readonly weights: number[];
  readonly entropy: number[];
  readonly divergence: number[];
  readonly fallback: boolean;
}

export function entropyWeights(rows: ReadonlyArray<readonly number[]>): EntropyResult {
  const m = rows.length;
  const p = rows[0]?.length ?? 0;
  if (m < 2) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `entropy weights need at least 2 units with complete data; got ${m}` });
  const entropy: number[] = [];
  for (let j = 0; j < p; j++) {
    const col = rows.map((r) => r[j]!);
    const bad = col.findIndex((x) => x < 0);
    if (bad >= 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `entropy weights need non-negative values; column ${j + 1}, unit row ${bad + 1} is ${col[bad]}` });
    const total = col.reduce((s, x) => s + x, 0);
    if (total === 0) {
      entropy.push(1);
      continue;
    }
    let h = 0;
    for (const x of col) if (x > 0) h -= (x / total) * Math.log(x / total);
    entropy.push(h / Math.log(m));
  }
  const divergence = entropy.map((e) => Math.max(0, 1 - e));
  const total = divergence.reduce((s, d) => s + d, 0);
  if (!(total > 1e-15)) return { weights: entropy.map(() => 1 / p), entropy, divergence, fallback: true };
  return { weights: divergence.map((d) => d / total), entropy, divergence, fallback: false };
}

export const entropyWeightMethod: WeightMethod = {
  name: 'entropy',
  compute: ({ rows }) => {
    const r = entropyWeights(rows);
    return {
      weights: r.weights,
      details: { entropy: r.entropy, divergence: r.divergence },
      notes: r.fallback ? ['every child is constant across units: entropy weights fall back to equal'] : [],
    };
  },
};
