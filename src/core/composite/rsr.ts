/**
 * Rank-sum ratio (秩和比法, Tian Fengdiao 1988) with probit grading.
 * 1. Rank each indicator across the n units, 1 = worst … n = best (ties: average rank;
 *    lower-is-better indicators are ranked on −x).
 * 2. RSR_i = Σ_j w_j R_ij / n (w sums to 1; equal weights give the classic Σ_j R_ij / (m·n)).
 * 3. Sort the distinct RSR values ascending; for a group of f units ending at cumulative count
 *    cf, the average rank is R̄ = cf − (f − 1)/2 and p = R̄ / n; the last group uses 1 − 1/(4n).
 * 4. probit = 5 + Φ⁻¹(p).
 * 5. Least squares RSR = a + b · probit over the units.
 * 6. Grade by probit cut points (default 3 grades: < 4 下, 4–6 中, ≥ 6 上); the RSR thresholds
 *    a + b · cut are reported.
 */
import { VitalsError } from '../errors.js';
import { normalQuantile } from './normal.js';
import { averageRanks, descendingRanks } from './stats.js';
import type { Direction } from './types.js';

/** RSR's probit fit needs a spread of ranks: fewer units than this cannot be graded. */
export const RSR_MIN_UNITS = 3;

/** Common grading tables (probit cut points, lowest grade first). */
export const RSR_GRADE_TABLES: Readonly<Record<3 | 4 | 5, { cuts: number[]; labels: string[] }>> = {
  3: { cuts: [4, 6], labels: ['下', '中', '上'] },
  4: { cuts: [4, 5, 6], labels: ['下', '中下', '中上', '上'] },
  5: { cuts: [3.5, 4.5, 5.5, 6.5], labels: ['下', '中下', '中', '中上', '上'] },
};

export interface RsrInput {
  readonly units: readonly string[];
  readonly criteria: readonly string[];
  readonly rows: ReadonlyArray<readonly number[]>;
  readonly directions: readonly Direction[];
  /** Default equal. */
  readonly weights?: readonly number[];
  readonly cuts?: readonly number[];
  readonly labels?: readonly string[];
}

export interface RsrUnit {
  readonly unit: string;
  readonly ranks: number[];
  readonly rsr: number;
  readonly percentile: number;
  readonly probit: number;
  readonly fitted: number;
  readonly grade: string;
  /** 1 = lowest grade. */
  readonly gradeIndex: number;
  readonly rank: number;
}

export interface RsrResult {
  readonly method: 'rsr';
  readonly methodVersion: string;
  readonly weights: number[];
  readonly regression: { readonly intercept: number; readonly slope: number; readonly r2: number };
  readonly grading: ReadonlyArray<{ readonly label: string; readonly probitFrom: number | null; readonly rsrFrom: number | null }>;
  readonly units: RsrUnit[];
}

export function rankSumRatio(input: RsrInput): RsrResult {
  const { units, criteria, rows, directions } = input;
  const n = rows.length;
  if (n < RSR_MIN_UNITS) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `RSR needs at least ${RSR_MIN_UNITS} units with complete data; got ${n}` });
  const weightsRaw = input.weights ?? criteria.map(() => 1);
  const wt = weightsRaw.reduce((s, w) => s + w, 0);
  const weights = weightsRaw.map((w) => w / wt);
  const cuts = input.cuts ?? RSR_GRADE_TABLES[3].cuts;
  const labels = input.labels ?? (input.cuts ? cuts.concat(0).map((_, k) => String(k + 1)) : RSR_GRADE_TABLES[3].labels);

  const rankColumns = criteria.map((_, j) => averageRanks(rows.map((r) => (directions[j] === 'higher_is_better' ? r[j]! : -r[j]!))));
  const rsr = rows.map((_, i) => rankColumns.reduce((s, col, j) => s + weights[j]! * col[i]!, 0) / n);

  // Group on 12 significant digits so that float noise in weighted sums does not split ties.
  const key = (x: number): string => x.toPrecision(12);
  const distinct = [...new Set(rsr.map(key))].sort((a, b) => Number(a) - Number(b));
  const pOf = new Map<string, number>();
  let cf = 0;
  distinct.forEach((value, g) => {
    const f = rsr.filter((x) => key(x) === value).length;
    cf += f;
    pOf.set(value, g === distinct.length - 1 ? 1 - 1 / (4 * n) : (cf - (f - 1) / 2) / n);
  });
  const percentile = rsr.map((x) => pOf.get(key(x))!);
  const probit = percentile.map((p) => 5 + normalQuantile(p));

  const mx = probit.reduce((s, x) => s + x, 0) / n;
  const my = rsr.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (probit[i]! - mx) ** 2;
    sxy += (probit[i]! - mx) * (rsr[i]! - my);
    syy += (rsr[i]! - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  const r2 = sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 0;

  const grading = labels.map((label, k) => ({
    label,
    probitFrom: k === 0 ? null : cuts[k - 1]!,
    rsrFrom: k === 0 ? null : intercept + slope * cuts[k - 1]!,
  }));
  const ranks = descendingRanks(rsr);
  return {
    method: 'rsr',
    methodVersion: '1.0.0',
    weights,
    regression: { intercept, slope, r2 },
    grading,
    units: units.map((unit, i) => {
      const gradeIndex = 1 + cuts.filter((c) => probit[i]! >= c).length;
      return {
        unit,
        ranks: rankColumns.map((col) => col[i]!),
        rsr: rsr[i]!,
        percentile: percentile[i]!,
        probit: probit[i]!,
        fitted: intercept + slope * probit[i]!,
        grade: labels[gradeIndex - 1]!,
        gradeIndex,
        rank: ranks[i]!,
      };
    }),
  };
}
