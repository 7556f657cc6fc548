import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessCheckpoint, resolveCheckpointParams } from './checkpoint.js';
import { studentTCdf, studentTQuantile } from './student-t.js';
import { predict, weightedLinearFit } from './wls.js';
import { cumulativeYtd, latestYtdValue, seasonalShareFromHistory, shareAt } from './ytd.js';
import type { CheckpointInput } from './types.js';

describe('Student t quantiles match the published table (two-sided 90 %, 95 %, 99 %)', () => {
  it.each([
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 3, 3.182],
    [0.975, 5, 2.571],
    [0.975, 10, 2.228],
    [0.975, 30, 2.042],
    [0.95, 1, 6.314],
    [0.95, 2, 2.92],
    [0.95, 10, 1.812],
    [0.995, 10, 3.169],
  ])('t(%s; df %s) = %s', (p, df, q) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(q, 3);
  });
  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
    expect(studentTCdf(2.228, 10)).toBeCloseTo(0.975, 4);
  });
});

describe('weighted least squares', () => {
  it('unweighted (0,1) (1,3) (2,2): b = 0.5, σ̂² = 1.5, prediction at 4 = 3.5 ± 6.3138·2.958040', () => {
    // t̄ = 1, ȳ = 2, Sxx = 2, Sxy = 1 → b = 0.5; residuals −0.5, 1, −0.5 → SSE 1.5, σ̂² = 1.5/(3 − 2)
    // Var = 1.5·(1 + 1/3 + (4 − 1)²/2) = 8.75 → se = 2.9580399; t(0.95; 1) = 6.3137515
    const fit = weightedLinearFit([
      { t: 0, value: 1, weight: 1 },
      { t: 1, value: 3, weight: 1 },
      { t: 2, value: 2, weight: 1 },
    ]);
    expect(fit.slope).toBeCloseTo(0.5, 12);
    expect(fit.residualVariance).toBeCloseTo(1.5, 12);
    const p = predict(fit, 4, 0.9);
    expect(p.value).toBeCloseTo(3.5, 12);
    expect(p.standardError).toBeCloseTo(2.9580399, 6);
    expect(p.upper! - p.value).toBeCloseTo(6.3137515 * 2.9580399, 4);
  });

  it('weighted (0,0,w1) (1,2,w2) (2,2,w1): b = 1, σ̂² = 1, prediction at 3 = 3.5, se = √3.25', () => {
    // W = 4, t̄ = 1, ȳ = 6/4 = 1.5, Sxx = 2, Sxy = 1.5 + 0.5 = 2 → b = 1
    // residuals −0.5, 0.5, −0.5 → weighted SSE = 0.25 + 2·0.25 + 0.25 = 1 → σ̂² = 1
    // Var = 1·(1 + 1/4 + (3 − 1)²/2) = 3.25
    const fit = weightedLinearFit([
      { t: 0, value: 0, weight: 1 },
      { t: 1, value: 2, weight: 2 },
      { t: 2, value: 2, weight: 1 },
    ]);
    expect(fit.slope).toBeCloseTo(1, 12);
    const p = predict(fit, 3, 0.9);
    expect(p.value).toBeCloseTo(3.5, 12);
    expect(p.standardError).toBeCloseTo(Math.sqrt(3.25), 12);
  });

  it('two points: a line with no interval; one time only: an error', () => {
    const p = predict(weightedLinearFit([{ t: 0, value: 0, weight: 1 }, { t: 1, value: 1, weight: 1 }]), 2, 0.9);
    expect(p.value).toBeCloseTo(2, 12);
    expect(p.lower).toBeNull();
    expect(() => weightedLinearFit([{ t: 1, value: 0, weight: 1 }, { t: 1, value: 1, weight: 1 }])).toThrow(/two distinct times/);
  });
});

describe('year-to-date helpers', () => {
  const q = (i: number, value: number) => ({ start: (i - 1) / 4, end: i / 4, value });
  const m = (i: number, value: number) => ({ start: (i - 1) / 12, end: i / 12, value });

  it('sums: a quarter is taken instead of its months (no double counting)', () => {
    // Q1 300 (months 90 + 100 + 110 also present) + M04..M06 (100 + 110 + 110) + Q3 330 = 950
    const ytd = cumulativeYtd([q(1, 300), m(1, 90), m(2, 100), m(3, 110), m(4, 100), m(5, 110), m(6, 110), q(3, 330)], 0.75);
    expect(ytd.value).toBe(950);
    expect(ytd.complete).toBe(true);
    expect(ytd.used).toHaveLength(5);
  });

  it('sums: a gap is skipped and reported', () => {
    const ytd = cumulativeYtd([q(1, 300), q(3, 330)], 0.75);
    expect(ytd.value).toBe(630);
    expect(ytd.complete).toBe(false);
    expect(ytd.covered).toBeCloseTo(0.5, 12);
  });

  it('rates: the latest value at or before the checkpoint, the longest on a tie', () => {
    expect(latestYtdValue([q(1, 1), m(9, 3), q(3, 2), m(10, 4)], 0.75)?.value).toBe(2);
  });

  it('seasonal share from past years: mean of YTD/annual at the fraction', () => {
    // 2023: (200 + 250 + 300)/1100 = 0.6818182; 2024: (220 + 270 + 320)/1200 = 0.675; mean = 0.6784091
    const share = seasonalShareFromHistory(
      [
        { annualTotal: 1100, values: [q(1, 200), q(2, 250), q(3, 300), q(4, 350)] },
        { annualTotal: 1200, values: [q(1, 220), q(2, 270), q(3, 320), q(4, 390)] },
      ],
      0.75,
    );
    expect(share).toBeCloseTo(0.6784091, 6);
    expect(shareAt([{ fraction: 0.5, share: 0.4 }], 0.75)).toBeCloseTo(0.7, 12); // 0.4 + (1 − 0.4)·0.25/0.5
    expect(shareAt(undefined, 0.75)).toBe(0.75);
  });
});

// Coverage rate (%), higher is better: baseline 2022 = 80, milestone 2027 = 90 → path +2 per year,
// so the 2025 annual target is 80 + 10·3/5 = 86. Checkpoint 2025Q3 (fraction 0.75).
function rateInput(history: [number, number][], q3: number): CheckpointInput {
  return {
    polarity: 'higher_is_better',
    aggregation: 'rate',
    year: 2025,
    fraction: 0.75,
    subAnnual: [
      { start: 0, end: 0.5, value: q3 - 1 },
      { start: 0.5, end: 0.75, value: q3 },
    ],
    history: history.map(([t, value]) => ({ t, value })),
    baseline: { t: 2022, value: 80 },
    milestone: { t: 2027, value: 90 },
  };
}

describe('checkpoint warning — rates', () => {
  it('behind the path and projected short: warning', () => {
    // YTD: start of year = 2024 value 83; expected = 83 + (86 − 83)·0.75 = 85.25; actual 84.5
    //      g = (84.5 − 85.25)/3 = −0.25 → below −0.20, above −0.50 → warning
    // Fit: (2022, 80, 0.5^1.5), (2023, 82, 0.5), (2024, 83, 0.5^0.5), (2025, 84.5, 0.75):
    //      W = 2.3106602, t̄ = 2023.8021748, ȳ = 82.8114564, Sxx = 2.5737863, Sxy = 3.6601358
    //      b = 1.4220822; ŷ(2027) = 82.8114564 + 1.4220822·3.1978252 = 87.3590268
    //      σ̂² = 0.0823255/2 = 0.0411628; Var = σ̂²(1 + 1/W + (2027 − t̄)²/Sxx) = 0.2225237, se = 0.4717241
    //      t(0.95; 2) = 2.9199856 → 90 % interval 85.9815991 … 88.7364544: misses 90, slope > 0 → warning
    // Still required: (90 − 84.5)/(2027 − 2025) = 2.75 per year
    const r = assessCheckpoint(rateInput([[2022, 80], [2023, 82], [2024, 83]], 84.5));
    expect(r.ytd?.expected).toBeCloseTo(85.25, 12);
    expect(r.ytd?.gapShare).toBeCloseTo(-0.25, 12);
    expect(r.projection?.slope).toBeCloseTo(1.4220822, 6);
    expect(r.projection?.projected).toBeCloseTo(87.3590268, 6);
    expect(r.projection?.standardError).toBeCloseTo(0.4717241, 6);
    expect(r.projection?.lower).toBeCloseTo(85.9815991, 5);
    expect(r.projection?.upper).toBeCloseTo(88.7364544, 5);
    expect(r.requiredAnnualChange).toBeCloseTo(2.75, 12);
    expect(r.level).toBe('warning');
    expect(r.label).toEqual({ zh: '预警', en: 'warning' });
    expect(r.reasons.map((x) => [x.code, x.level])).toEqual([
      ['ytd_behind_path', 'warning'],
      ['projection_misses_milestone', 'warning'],
    ]);
    expect(r.reasons[0]!.zh).toBe('2025年前三季度最新值84.5，低于年度进度应达值85.25，差距占本年应完成变化量的25.0%');
    expect(r.reasons[0]!.en).toContain('2025 Q1–Q3: latest value 84.5 is behind the 85.25 expected');
  });

  it('on the path and projected to meet the milestone: none', () => {
    // YTD: expected = 84 + (86 − 84)·0.75 = 85.5; actual 86.5 → g = +0.5
    // Fit with (2024, 84) and (2025, 86.5): ŷ(2027) = 90.7203847 ≥ 90 → none
    const r = assessCheckpoint(rateInput([[2022, 80], [2023, 82], [2024, 84]], 86.5));
    expect(r.ytd?.gapShare).toBeCloseTo(0.5, 12);
    expect(r.projection?.projected).toBeCloseTo(90.7203847, 6);
    expect(r.level).toBe('none');
    expect(r.reasons.map((x) => x.code)).toEqual(['ytd_on_path', 'projection_meets_milestone']);
  });

  it('projection short but the interval reaches the milestone: watch', () => {
    // YTD: expected = 83 + 3·0.75 = 85.25; actual 85.5 → g = +0.0833 (none)
    // ŷ(2027) = 88.6588230 < 90 but upper bound 91.9768668 ≥ 90 → watch
    const r = assessCheckpoint(rateInput([[2022, 80], [2023, 82.5], [2024, 83]], 85.5));
    expect(r.projection?.projected).toBeCloseTo(88.658823, 5);
    expect(r.projection?.upper).toBeCloseTo(91.9768668, 5);
    expect(r.level).toBe('watch');
  });

  it('far behind and moving away: alert', () => {
    // YTD: expected = 80.5 + (86 − 80.5)·0.75 = 84.625; g = (79 − 84.625)/5.5 = −1.0227 → alert
    // slope −0.4777065 → moving away → alert
    const r = assessCheckpoint(rateInput([[2022, 80], [2023, 81], [2024, 80.5]], 79));
    expect(r.ytd?.gapShare).toBeCloseTo(-1.0227273, 6);
    expect(r.projection?.slope).toBeCloseTo(-0.4777065, 6);
    expect(r.level).toBe('alert');
    expect(r.reasons[1]!.zh).toContain('趋势停滞或背离目标');
  });

  it('records method, version, params and inputs', () => {
    const r = assessCheckpoint(rateInput([[2022, 80], [2023, 82], [2024, 83]], 84.5), { confidence: 0.95 });
    expect(r.method).toBe('checkpoint-warning');
    expect(r.methodVersion).toBe('1.0.0');
    expect(r.params).toEqual({ ...resolveCheckpointParams(), confidence: 0.95 });
    expect(r.inputs.annualTarget).toBe(86);
    expect(r.inputs.annualTargetSource).toBe('linear_path');
    expect(r.projection?.points.map((p) => p.t)).toEqual([2022, 2023, 2024, 2025]);
  });

  it('rejects bad parameters and inputs', () => {
    expect(() => resolveCheckpointParams({ halfLife: 2 })).toThrow(/unknown parameter "halfLife"/);
    expect(() => resolveCheckpointParams({ confidence: 1 })).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => assessCheckpoint({ ...rateInput([], 80), fraction: 0 })).toThrow(/fraction must be in \(0, 1\]/);
    expect(() => assessCheckpoint({ ...rateInput([[2023, 1], [2023, 2]], 80) })).toThrow(/history\[1\] repeats year 2023/);
  });
});

describe('checkpoint warning — sums', () => {
  // Screenings per year, higher is better: baseline 2022 = 1000, milestone 2027 = 1500 → 2025 target 1300.
  const q = (i: number, value: number) => ({ start: (i - 1) / 4, end: i / 4, value });
  const input: CheckpointInput = {
    polarity: 'higher_is_better',
    aggregation: 'sum',
    year: 2025,
    fraction: 0.75,
    subAnnual: [q(1, 300), q(2, 320), q(3, 330)],
    history: [{ t: 2023, value: 1100 }, { t: 2024, value: 1200 }],
    baseline: { t: 2022, value: 1000 },
    milestone: { t: 2027, value: 1500 },
  };

  it('cumulative YTD against target × fraction', () => {
    // actual = 300 + 320 + 330 = 950; expected = 1300·0.75 = 975; g = (950 − 975)/1300 = −0.0192308 → none
    // annual estimate = 950/0.75 = 1266.6667; still required (1500 − 1266.6667)/2 = 116.6667 per year
    const r = assessCheckpoint(input);
    expect(r.ytd?.actual).toBe(950);
    expect(r.ytd?.expected).toBeCloseTo(975, 12);
    expect(r.ytd?.gapShare).toBeCloseTo(-0.0192308, 6);
    expect(r.currentYearEstimate).toBeCloseTo(1266.6666667, 6);
    expect(r.requiredAnnualChange).toBeCloseTo(116.6666667, 6);
    expect(r.reasons[0]!.code).toBe('ytd_on_path');
  });

  it('a seasonal profile replaces the straight share', () => {
    // share 0.6784091 (see above): expected = 1300·0.6784091 = 881.9318; g = (950 − 881.9318)/1300 = 0.0523601
    const r = assessCheckpoint({ ...input, seasonalProfile: [{ fraction: 0.75, share: 0.6784091 }] });
    expect(r.ytd?.expected).toBeCloseTo(881.9318, 3);
    expect(r.ytd?.gapShare).toBeCloseTo(0.0523601, 6);
  });

  it('missing quarters are reported', () => {
    const r = assessCheckpoint({ ...input, subAnnual: [q(1, 300), q(3, 330)] });
    expect(r.ytd?.complete).toBe(false);
    expect(r.warnings.map((w) => w.code)).toContain('VITALS_W_MISSING_DATA');
    expect(r.reasons.map((x) => x.code)).toContain('ytd_incomplete');
  });
});

describe('checkpoint warning — properties', () => {
  it('reversing polarity and negating values gives the same level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 50, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 50, max: 100, noNaN: true }),
        fc.double({ min: 50, max: 120, noNaN: true }),
        (hist, q3, target) => {
          const a: CheckpointInput = { ...rateInput([[2022, hist[0]!], [2023, hist[1]!], [2024, hist[2]!]], q3), milestone: { t: 2027, value: target } };
          const neg: CheckpointInput = {
            ...a,
            polarity: 'lower_is_better',
            subAnnual: a.subAnnual.map((v) => ({ ...v, value: -v.value })),
            history: a.history.map((p) => ({ t: p.t, value: -p.value })),
            baseline: { t: a.baseline.t, value: -a.baseline.value },
            milestone: { t: a.milestone.t, value: -a.milestone.value },
          };
          expect(assessCheckpoint(neg).level).toBe(assessCheckpoint(a).level);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the level does not depend on the order of history or sub-annual values', () => {
    const base = rateInput([[2022, 80], [2023, 82], [2024, 83]], 84.5);
    const shuffled = { ...base, history: [...base.history].reverse(), subAnnual: [...base.subAnnual].reverse() };
    expect(assessCheckpoint(shuffled)).toEqual(assessCheckpoint(base));
  });
});
