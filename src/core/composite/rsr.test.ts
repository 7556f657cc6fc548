import { describe, expect, it } from 'vitest';
import { rankSumRatio, RSR_GRADE_TABLES } from './rsr.js';

describe('rank-sum ratio (秩和比法) with probit grading', () => {
  // Two benefit indicators, four units:
  //        x1  x2   ranks   RSR = (R1 + R2)/(2·4)
  //   A    10   3   1, 3    4/8 = 0.5
  //   B    20   1   2, 1    3/8 = 0.375
  //   C    30   4   3, 4    7/8 = 0.875
  //   D    40   2   4, 2    6/8 = 0.75
  // Sorted B < A < D < C, one unit each: R̄ = 1, 2, 3, 4; p = R̄/4 = .25, .5, .75, last 1 − 1/16 = .9375.
  // probit = 5 + Φ⁻¹(p) (standard normal table): B 4.325510, A 5, D 5.674490, C 6.534121.
  // Regression RSR on probit: x̄ = 5.383530, ȳ = 0.625,
  //   Sxx = 1.119406 + 0.147095 + 0.084658 + 1.323858 = 2.675017,
  //   Sxy = 0.264505 + 0.047941 + 0.036370 + 0.287648 = 0.636464,
  //   b = 0.237929, a = 0.625 − 0.237929·5.383530 = −0.655897.
  // Three grades cut at probit 4 and 6: RSR thresholds −0.655897 + 0.237929·4 = 0.295818 and ·6 = 0.771676.
  // Grades: B (4.33), A (5), D (5.67) 中; C (6.53) 上.
  const r = rankSumRatio({
    units: ['A', 'B', 'C', 'D'],
    criteria: ['x1', 'x2'],
    rows: [
      [10, 3],
      [20, 1],
      [30, 4],
      [40, 2],
    ],
    directions: ['higher_is_better', 'higher_is_better'],
  });
  const u = (name: string) => r.units.find((x) => x.unit === name)!;

  it('computes ranks and RSR', () => {
    expect(u('A').ranks).toEqual([1, 3]);
    expect(['A', 'B', 'C', 'D'].map((n) => u(n).rsr)).toEqual([0.5, 0.375, 0.875, 0.75]);
  });

  it('computes percentiles with the 1 − 1/(4n) correction and probits', () => {
    expect(['B', 'A', 'D', 'C'].map((n) => u(n).percentile)).toEqual([0.25, 0.5, 0.75, 0.9375]);
    expect(u('B').probit).toBeCloseTo(4.32551, 5);
    expect(u('A').probit).toBe(5);
    expect(u('C').probit).toBeCloseTo(6.534121, 5);
  });

  it('fits RSR on probit and grades by probit cut points', () => {
    expect(r.regression.slope).toBeCloseTo(0.237929, 6);
    expect(r.regression.intercept).toBeCloseTo(-0.655897, 6);
    expect(r.grading.map((g) => g.label)).toEqual(['下', '中', '上']);
    expect(r.grading[1]!.rsrFrom).toBeCloseTo(0.295818, 6);
    expect(r.grading[2]!.rsrFrom).toBeCloseTo(0.771676, 6);
    expect(['A', 'B', 'C', 'D'].map((n) => u(n).grade)).toEqual(['中', '中', '上', '中']);
    expect(['A', 'B', 'C', 'D'].map((n) => u(n).rank)).toEqual([3, 4, 1, 2]);
  });

  it('ranks a lower-is-better indicator on −x, shares average ranks on ties, and groups tied RSRs', () => {
    // x: lower is better (1 best): values 5, 1, 5 → ranks of −x: −5, −1, −5 → 1.5, 3, 1.5.
    // RSR = rank/3: 0.5, 1, 0.5. Groups: {0.5 ×2} cf 2 → R̄ = 1.5, p = 0.5; {1} last → 1 − 1/12.
    const t = rankSumRatio({ units: ['p', 'q', 's'], criteria: ['x'], rows: [[5], [1], [5]], directions: ['lower_is_better'] });
    expect(t.units.map((x) => x.ranks[0])).toEqual([1.5, 3, 1.5]);
    expect(t.units.map((x) => x.percentile)).toEqual([0.5, 1 - 1 / 12, 0.5]);
  });

  it('publishes the usual grading tables', () => {
    expect(RSR_GRADE_TABLES[4].cuts).toEqual([4, 5, 6]);
    expect(RSR_GRADE_TABLES[5].cuts).toEqual([3.5, 4.5, 5.5, 6.5]);
  });
});
