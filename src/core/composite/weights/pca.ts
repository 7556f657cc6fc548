/**
 * PCA-based weights (documented Vitals variant of the OECD/JRC Handbook §6.1 procedure, without
 * rotation). Columns are standardised; R is their correlation matrix with eigenpairs (λ_k, a_k),
 * λ_1 ≥ λ_2 ≥ …; the first m components are retained (configured, else those with λ > 1, at
 * least one). Indicator j gets the variance-weighted sum of its squared normalised loadings:
 *   w_j = Σ_{k≤m} λ_k · a_jk² / Σ_{k≤m} λ_k
 * (a_jk² = loading² / λ_k is the share of component k's variance carried by j, so Σ_j w_j = 1).
 * Constant columns carry no variance and get weight 0.
 */
import { VitalsError } from '../../errors.js';
import { symmetricEigen } from '../linalg.js';
import { mean, sampleSd } from '../stats.js';
import type { WeightMethod } from './types.js';

export interface PcaResult {
  readonly weights: number[];
  readonly eigenvalues: number[];
  readonly retained: number;
  readonly constant: number[];
}

export function pcaWeights(rows: ReadonlyArray<readonly number[]>, components?: number): PcaResult {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  if (n < 3) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `PCA weights need at least 3 units with complete data; got ${n}` });
  const columns = Array.from({ length: p }, (_, j) => rows.map((r) => r[j]!));
  const sds = columns.map((c) => sampleSd(c));
  const constant = sds.flatMap((s, j) => (s > 0 ? [] : [j]));
  const live = columns.map((_, j) => j).filter((j) => sds[j]! > 0);
  if (live.length === 0) return { weights: columns.map(() => 1 / p), eigenvalues: [], retained: 0, constant };
  const z = live.map((j) => {
    const m = mean(columns[j]!);
    return columns[j]!.map((x) => (x - m) / sds[j]!);
  });
  const corr = z.map((zi) => z.map((zk) => zi.reduce((s, x, t) => s + x * zk[t]!, 0) / (n - 1)));
  const { values, vectors } = symmetricEigen(corr);
  // Tolerance: an eigenvalue of exactly 1 computed as 1 + 2e-16 must not count as "> 1".
  const kaiser = values.filter((v) => v > 1 + 1e-9).length;
  const m = Math.min(live.length, components ?? Math.max(1, kaiser));
  const retainedVariance = values.slice(0, m).reduce((s, v) => s + v, 0);
  const weights = new Array<number>(p).fill(0);
  live.forEach((j, li) => {
    let w = 0;
    for (let k = 0; k < m; k++) w += values[k]! * vectors[k]![li]! ** 2;
    weights[j] = w / retainedVariance;
  });
  return { weights, eigenvalues: values, retained: m, constant };
}

export const pcaWeightMethod: WeightMethod = {
  name: 'pca',
  compute: ({ rows, spec, children }) => {
    const r = pcaWeights(rows, spec.components);
    const notes = r.constant.length ? [`constant children get weight 0 in PCA: ${r.constant.map((j) => children[j]).join(', ')}`] : [];
    return { weights: r.weights, details: { eigenvalues: r.eigenvalues, retained: r.retained }, notes };
  },
};
