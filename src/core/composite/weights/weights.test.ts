import { describe, expect, it } from 'vitest';
import { VitalsError } from '../../errors.js';
import { ahp, computeWeights, entropyWeights, pcaWeights, SAATY_RANDOM_INDEX } from './index.js';

describe('AHP', () => {
  it('reproduces the published leader example (criteria weights .547 .127 .270 .056, CR 0.044)', () => {
    // Pairwise matrix over Experience, Education, Charisma, Age from the worked "AHP – leader
    // example" (Wikipedia): published priorities .547, .127, .270, .056.
    const m = [
      [1, 4, 3, 7],
      [1 / 4, 1, 1 / 3, 3],
      [1 / 3, 3, 1, 5],
      [1 / 7, 1 / 3, 1 / 5, 1],
    ];
    const r = ahp(m);
    // The exact eigenvector is (0.54757, 0.12656, 0.26995, 0.05593); the published figures are
    // within 0.001 of it (0.54757 is printed as .547), so that is the precision asserted.
    [0.547, 0.127, 0.27, 0.056].forEach((p, i) => expect(Math.abs(r.weights[i]! - p)).toBeLessThanOrEqual(0.001));
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    // λmax by hand from the published weights: (A·w)_i / w_i =
    //   2.257/.547 = 4.1261, .52175/.127 = 4.1083, 1.11333/.270 = 4.1235, .230476/.056 = 4.1157 → mean 4.1184.
    // CI = (4.1184 − 4)/3 = 0.03947; RI(4) = 0.90; CR = 0.0439 → 0.044.
    expect(r.lambdaMax).toBeCloseTo(4.1184, 3);
    expect(r.ci).toBeCloseTo(0.0395, 3);
    expect(r.ri).toBe(0.9);
    expect(r.cr!.toFixed(3)).toBe('0.044');
  });

  it('gives exact weights and CR = 0 for a perfectly consistent matrix', () => {
    // a_ij = w_i / w_j with w = (0.5, 0.3, 0.2): λmax = n = 3 exactly.
    const w = [0.5, 0.3, 0.2];
    const r = ahp(w.map((wi) => w.map((wj) => wi / wj)));
    r.weights.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 12));
    expect(r.lambdaMax).toBeCloseTo(3, 12);
    expect(r.cr).toBeCloseTo(0, 12);
  });

  it('uses Saaty’s random index table', () => {
    expect([3, 4, 5, 6, 7, 8, 9, 10].map((n) => SAATY_RANDOM_INDEX[n])).toEqual([0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
    expect(ahp([[1, 3], [1 / 3, 1]]).cr).toBe(0);
    expect(ahp([[1, 3], [1 / 3, 1]]).weights).toEqual([0.75, 0.25]);
  });

  it('flags inconsistent judgements (CR > 0.10) in its notes', () => {
    // A > B (9), B > C (9) but C > A (9): a cycle, badly inconsistent.
    const out = computeWeights({ node: 'n', children: ['a', 'b', 'c'], rows: [], spec: { method: 'ahp', matrix: [[1, 9, '1/9'], ['1/9', 1, 9], [9, '1/9', 1]] } });
    expect((out.details!.cr as number) > 0.1).toBe(true);
    expect(out.notes!.join()).toMatch(/consistency ratio/);
    // The cycle is symmetric, so the eigenvector is uniform.
    out.weights.forEach((w) => expect(w).toBeCloseTo(1 / 3, 9));
  });
});

describe('entropy weights (熵权法)', () => {
  it('matches a hand calculation', () => {
    // Columns: a = (1,1,1) constant → e = 1, d = 0.
    // b = (0,0,1): p = (0,0,1), e = 0, d = 1.
    // c = (1,1,2): p = (.25,.25,.5), H = .5·ln4 + .5·ln2 = 0.693147 + 0.346574 = 1.039721,
    //   e = 1.039721/ln 3 = 1.039721/1.098612 = 0.946395, d = 0.053605.
    // w = d/Σd: a 0, b 1/1.053605 = 0.949122, c 0.053605/1.053605 = 0.050878.
    const r = entropyWeights([
      [1, 0, 1],
      [1, 0, 1],
      [1, 1, 2],
    ]);
    expect(r.weights[0]).toBe(0);
    expect(r.weights[1]).toBeCloseTo(0.949122, 6);
    expect(r.weights[2]).toBeCloseTo(0.050878, 6);
    expect(r.entropy[2]).toBeCloseTo(0.946395, 6);
  });

  it('falls back to equal weights when nothing varies, and rejects negative values', () => {
    expect(entropyWeights([[2, 3], [2, 3]]).weights).toEqual([0.5, 0.5]);
    expect(entropyWeights([[2, 3], [2, 3]]).fallback).toBe(true);
    expect(() => entropyWeights([[1, -1], [2, 3]])).toThrow(VitalsError);
  });
});

describe('PCA weights', () => {
  // x1 = (1,2,3,4), x2 = 2·x1, x3 = (1,−1,−1,1) ⟂ x1: correlation matrix [[1,1,0],[1,1,0],[0,0,1]]
  // with eigenpairs 2 ↔ (1,1,0)/√2, 1 ↔ (0,0,1), 0 ↔ (1,−1,0)/√2.
  const rows = [
    [1, 2, 1],
    [2, 4, -1],
    [3, 6, -1],
    [4, 8, 1],
  ];

  it('keeps components with eigenvalue > 1 by default', () => {
    // Only λ = 2 is retained: w = 2·(½, ½, 0)/2 = (0.5, 0.5, 0).
    const r = pcaWeights(rows);
    expect(r.retained).toBe(1);
    expect(r.eigenvalues[0]).toBeCloseTo(2, 10);
    [0.5, 0.5, 0].forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 10));
  });

  it('weights squared loadings by explained variance when more components are kept', () => {
    // m = 2: w = (2·½ + 1·0, 2·½ + 1·0, 2·0 + 1·1)/(2 + 1) = (1/3, 1/3, 1/3).
    const r = pcaWeights(rows, 2);
    r.weights.forEach((w) => expect(w).toBeCloseTo(1 / 3, 10));
  });

  it('gives a constant column weight 0 and needs three complete units', () => {
    const r = pcaWeights(rows.map((row) => [...row, 7]));
    expect(r.weights[3]).toBe(0);
    expect(r.constant).toEqual([3]);
    expect(() => pcaWeights(rows.slice(0, 2))).toThrow(/at least 3 units/);
  });
});

describe('explicit and equal weights', () => {
  it('rescales explicit weights to sum 1 and notes it', () => {
    const out = computeWeights({ node: 'n', children: ['a', 'b'], rows: [], spec: { method: 'explicit', values: { a: 3, b: 1 } } });
    expect(out.weights).toEqual([0.75, 0.25]);
    expect(out.notes![0]).toMatch(/rescaled/);
  });

  it('gives 1/n for equal weights and rejects unknown methods', () => {
    expect(computeWeights({ node: 'n', children: ['a', 'b', 'c', 'd'], rows: [], spec: { method: 'equal' } }).weights).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => computeWeights({ node: 'n', children: ['a'], rows: [], spec: { method: 'magic' as 'equal' } })).toThrow(/weighting method: "magic"/);
  });
});
