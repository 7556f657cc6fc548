import { describe, expect, it } from 'vitest';
import { assessProgress } from './registry.js';
import {
  statcanCategoryForGrowth,
  statcanCategoryForRatio,
  statcanScoreNoTarget,
  statcanScoreWithTarget,
  statcanStatusFromScore,
} from './statcan.method.js';
import { limitScalingFactor } from './growth.js';
import type { ProgressInput } from './types.js';

const series = (pairs: Array<[number, number]>) => pairs.map(([t, value]) => ({ t, value }));

describe('statcan — with a target', () => {
  it('infant mortality 5.4 (2020) → target 5.2 (2025), 5.3 in 2023: acceleration needed', () => {
    // CAGR_req = (5.2/5.4)^(1/5) − 1 = −0.0075196505 (−0.7520 %)
    // CAGR_obs = (5.3/5.4)^(1/3) − 1 = −0.0062113404
    // R = s·d·CAGR_obs/|CAGR_req| = (+1)(−1)(−0.0062113404)/0.0075196505 = 0.8260145
    // 0.60 ≤ R < 0.95 → acceleration needed; score = (R − 0.6)·5/0.7 = 1.6143893
    const r = assessProgress('statcan', {
      series: series([[2020, 5.4], [2021, 5.35], [2023, 5.3]]),
      polarity: 'lower_is_better',
      baseline: { t: 2020, value: 5.4 },
      target: { t: 2025, value: 5.2 },
    });
    expect(r.status).toBe('acceleration_needed');
    expect(r.measures.requiredCagr).toBeCloseTo(-0.0075196505, 9);
    expect(r.measures.observedCagr).toBeCloseTo(-0.0062113404, 9);
    expect(r.measures.ratio).toBeCloseTo(0.8260145, 6);
    expect(r.score).toBeCloseTo(1.6143893, 6);
    expect(r.label.en).toBe('Progress made but acceleration needed');
    expect(r.method).toBe('statcan');
    expect(r.methodVersion).toBe('1.0.0');
    expect(r.params).toEqual({ zeroReplacement: 0.001 });
    expect(r.inputs.start).toEqual({ t: 2020, value: 5.4 });
    expect(r.inputs.current).toEqual({ t: 2023, value: 5.3 });
  });

  it('life expectancy 77.3 (2019) → 79.0 (2030), 78.6 in 2024: on track, score capped at 5', () => {
    // CAGR_req = (79/77.3)^(1/11) − 1 = 0.0019795838; CAGR_obs = (78.6/77.3)^(1/5) − 1 = 0.0033411179
    // R = 0.0033411179/0.0019795838 = 1.6877881 ≥ 0.95 → on track; R ≥ 1.3 → score 5
    const r = assessProgress('statcan', {
      series: series([[2019, 77.3], [2024, 78.6]]),
      polarity: 'higher_is_better',
      target: { t: 2030, value: 79 },
    });
    expect(r.status).toBe('on_track');
    expect(r.measures.ratio).toBeCloseTo(1.6877881, 6);
    expect(r.score).toBe(5);
  });

  it('a reached target is "target achieved" with score 5 whatever the ratio', () => {
    const r = assessProgress('statcan', {
      series: series([[2019, 80], [2020, 91]]),
      polarity: 'higher_is_better',
      target: { t: 2030, value: 90 },
    });
    expect(r.status).toBe('target_achieved');
    expect(r.score).toBe(5);
  });

  it('moving away from the target: deterioration', () => {
    // CAGR_obs = 11/10 − 1 = +0.1 for a lower-is-better indicator → R < 0
    const r = assessProgress('statcan', {
      series: series([[2020, 10], [2021, 11]]),
      polarity: 'lower_is_better',
      target: { t: 2030, value: 5 },
    });
    expect(r.status).toBe('deterioration');
    expect(r.score).toBe(-5); // R = −0.1/|(0.5)^(1/10) − 1| = −0.1/0.0669670 = −1.4933 ≤ −0.6 → −5
  });

  it('a zero target is replaced by 0.001 and flagged', () => {
    const r = assessProgress('statcan', {
      series: series([[2015, 2], [2020, 1]]),
      polarity: 'lower_is_better',
      target: { t: 2030, value: 0 },
    });
    // CAGR_req = (0.001/2)^(1/15) − 1 = −0.3975357; CAGR_obs = 0.5^(1/5) − 1 = −0.1294494
    // R = 0.1294494/0.3975357 = 0.3256297 → 0 ≤ R < 0.6 → limited progress
    expect(r.measures.requiredCagr).toBeCloseTo(-0.3975357, 6);
    expect(r.measures.ratio).toBeCloseTo(0.3256297, 6);
    expect(r.status).toBe('limited_progress');
    expect(r.measures.zeroReplaced).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('VITALS_W_MISSING_DATA');
  });

  it('values that change sign cannot be assessed', () => {
    const r = assessProgress('statcan', { series: series([[2020, -1], [2022, 2]]), polarity: 'higher_is_better' });
    expect(r.status).toBe('unable_to_assess');
    expect(r.rank).toBe(-1);
    expect(r.reason?.en).toMatch(/positive, or all negative/);
  });

  it('a single point cannot be assessed', () => {
    const r = assessProgress('statcan', { series: series([[2020, 5]]), polarity: 'higher_is_better' });
    expect(r.status).toBe('unable_to_assess');
  });
});

describe('statcan — without a target', () => {
  it.each([
    // g = (80/78)^(1/4) − 1 = 0.0063495 → 0.5 % ≤ g < 1.5 % → acceleration needed; score 250g − 1.25 = 0.3373813
    ['rising 78 → 80 over 4 years', 78, 80, 'acceleration_needed', 0.3373813],
    // g = (78/80)^(1/4) − 1 = −0.0063095 → deterioration; score 125g − 2.5 = −3.2886829
    ['falling 80 → 78 over 4 years', 80, 78, 'deterioration', -3.2886829],
  ])('%s', (_name, from, to, status, score) => {
    const r = assessProgress('statcan', { series: series([[2020, from], [2024, to]]), polarity: 'higher_is_better' });
    expect(r.variant).toBe('no_target');
    expect(r.status).toBe(status);
    expect(r.score).toBeCloseTo(score, 6);
  });

  it('near a 100 % ceiling the thresholds shrink by C = 1 − (95/100)^4.44', () => {
    // C = 1 − 0.95^4.44 = 1 − 0.7963295 = 0.2036705
    // g = (95.3/95)^(1/2) − 1 = 0.0015777 (0.158 %): below 0.5 % unscaled (limited progress) but
    // between 0.5 %·C = 0.1018 % and 1.5 %·C = 0.3055 % → acceleration needed; score 250·g/C − 1.25 = 0.6865873
    const input: ProgressInput = { series: series([[2020, 95], [2022, 95.3]]), polarity: 'higher_is_better' };
    expect(assessProgress('statcan', input).status).toBe('limited_progress');
    const r = assessProgress('statcan', { ...input, limit: 100 });
    expect(r.measures.scalingFactor).toBeCloseTo(0.2036705, 6);
    expect(r.status).toBe('acceleration_needed');
    expect(r.score).toBeCloseTo(0.6865873, 6);
    expect(r.warnings.map((w) => w.code)).toContain('VITALS_W_NEAR_NATURAL_LIMIT');
  });

  it('a base value at the limit: any g ≥ 0 is on track with score 5', () => {
    const r = assessProgress('statcan', { series: series([[2020, 100], [2022, 100]]), polarity: 'higher_is_better', limit: 100 });
    expect(r.measures.scalingFactor).toBe(0);
    expect(r.status).toBe('on_track');
    expect(r.score).toBe(5);
  });
});

describe('statcan — thresholds and score, exactly at the published boundaries', () => {
  it.each([
    [0.95, 'on_track'],
    [0.9499999, 'acceleration_needed'],
    [0.6, 'acceleration_needed'],
    [0.5999999, 'limited_progress'],
    [0, 'limited_progress'],
    [-1e-9, 'deterioration'],
  ])('R = %s → %s', (r, status) => expect(statcanCategoryForRatio(r)).toBe(status));

  it.each([
    [0.015, 1, 'on_track'],
    [0.0149999, 1, 'acceleration_needed'],
    [0.005, 1, 'acceleration_needed'],
    [0.0049999, 1, 'limited_progress'],
    [0, 1, 'limited_progress'],
    [-1e-9, 1, 'deterioration'],
    [0.0075, 0.5, 'on_track'], // 1.5 %·0.5 = 0.75 %
  ])('g = %s, C = %s → %s', (g, c, status) => expect(statcanCategoryForGrowth(g, c)).toBe(status));

  it.each([
    [1.3, 5], // cap
    [2, 5],
    [0.95, 2.5], // (0.95 − 0.6)·5/0.7 = 2.5: the on-track boundary
    [0.6, 0], // boundary of acceleration needed
    [0, -2.5], // −5 + 0.6·5/1.2 = −2.5
    [-0.6, -5],
    [-3, -5],
  ])('target score(R = %s) = %s', (r, s) => expect(statcanScoreWithTarget(r)).toBeCloseTo(s, 12));

  it.each([
    [0.02, 5],
    [0.015, 2.5], // 500·0.015 − 5
    [0.005, 0], // 250·0.005 − 1.25
    [0, -2.5],
    [-0.02, -5], // 125·(−0.02) − 2.5
    [-0.05, -5],
  ])('no-target score(g = %s) = %s', (g, s) => expect(statcanScoreNoTarget(g)).toBeCloseTo(s, 12));

  it.each([
    [5, 'on_track'],
    [2.5, 'on_track'],
    [2.4999, 'acceleration_needed'],
    [0, 'acceleration_needed'],
    [-0.0001, 'limited_progress'],
    [-2.5, 'limited_progress'],
    [-2.5001, 'deterioration'],
  ])('score %s → %s', (score, status) => expect(statcanStatusFromScore(score)).toBe(status));
});

describe('limit scaling factor', () => {
  it('a minimum limit: C = 1 − ((2L − b)/L)^4.44 between L and 2L, 1 beyond 2L', () => {
    // L = 5, b = 6: C = 1 − (4/5)^4.44 = 1 − 0.3712954 = 0.6287046
    expect(limitScalingFactor(6, 5, -1).factor).toBeCloseTo(0.6287046, 6);
    expect(limitScalingFactor(10, 5, -1).factor).toBe(1);
    expect(limitScalingFactor(20, 0, -1).factor).toBe(1); // a floor at 0 never scales
  });
  it('equal relative distance from a minimum or a maximum gives the same factor', () => {
    // max limit 100, b = 80 (20 % below); min limit 100, b = 120 (20 % above): both 1 − 0.8^4.44
    expect(limitScalingFactor(80, 100, 1).factor).toBeCloseTo(limitScalingFactor(120, 100, -1).factor, 12);
  });
  it('a base value beyond the limit gives 0 and a warning', () => {
    const s = limitScalingFactor(101, 100, 1);
    expect(s.factor).toBe(0);
    expect(s.warning?.code).toBe('VITALS_W_NEAR_NATURAL_LIMIT');
  });
});
