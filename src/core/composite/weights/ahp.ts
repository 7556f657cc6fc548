/**
 * Analytic hierarchy process (层次分析法, Saaty 1980): weights are the principal eigenvector of a
 * reciprocal pairwise-comparison matrix A (a_ij = importance of i over j, a_ji = 1/a_ij).
 * Consistency: CI = (λmax − n)/(n − 1), CR = CI/RI(n); judgements with CR > 0.10 should be revised.
 */
import { parseJudgement } from '../config.js';
import { perronEigen } from '../linalg.js';
import type { WeightMethod } from './types.js';

/** Saaty's random consistency index RI(n) (Saaty 1980, extended to n = 15). */
export const SAATY_RANDOM_INDEX: Readonly<Record<number, number>> = {
  1: 0, 2: 0, 3: 0.58, 4: 0.9, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
  11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
};

export const CR_THRESHOLD = 0.1;

export interface AhpResult {
  readonly weights: number[];
  readonly lambdaMax: number;
  readonly ci: number;
  readonly ri: number | null;
  /** 0 for n ≤ 2 (always consistent); null when RI(n) is not tabulated. */
  readonly cr: number | null;
}

/** Principal-eigenvector weights and Saaty's consistency ratio of a pairwise matrix. */
export function ahp(matrix: ReadonlyArray<readonly number[]>): AhpResult {
  const n = matrix.length;
  if (n === 1) return { weights: [1], lambdaMax: 1, ci: 0, ri: 0, cr: 0 };
  const { value, vector } = perronEigen(matrix.map((row) => [...row]));
  const ci = (value - n) / (n - 1);
  const ri = SAATY_RANDOM_INDEX[n] ?? null;
  const cr = n <= 2 ? 0 : ri ? ci / ri : null;
  return { weights: vector, lambdaMax: value, ci, ri, cr };
}

export const ahpWeights: WeightMethod = {
  name: 'ahp',
  compute: ({ spec }) => {
    const result = ahp((spec.matrix ?? []).map((row) => row.map(parseJudgement)));
    const notes: string[] = [];
    if (result.cr !== null && result.cr > CR_THRESHOLD) notes.push(`AHP consistency ratio ${result.cr.toFixed(3)} > ${CR_THRESHOLD}: revise the judgements`);
    if (result.cr === null) notes.push(`no random index tabulated for n = ${result.weights.length}; CR not computed`);
    return { weights: result.weights, details: { lambdaMax: result.lambdaMax, ci: result.ci, ri: result.ri, cr: result.cr }, notes };
  },
};
