import { describe, expect, it } from 'vitest';
import { assessProgress } from './registry.js';
import { eurostatCategoryForGrowth, eurostatCategoryForRatio } from './eurostat.method.js';

const series = (pairs: Array<[number, number]>) => pairs.map(([t, value]) => ({ t, value }));

describe('eurostat — growth-rate ratio with a target', () => {
  const rate = series([[2015, 10], [2018, 9], [2019, 8.8], [2020, 8.5], [2023, 8]]);
  const input = { series: rate, polarity: 'lower_is_better' as const, target: { t: 2030, value: 5 } };

  it('long-term (from the first value): moderate progress', () => {
    // CAGR_req = (5/10)^(1/15) − 1 = −0.0451584; CAGR_obs = (8/10)^(1/8) − 1 = −0.0275075
    // R = 0.0275075/0.0451584 = 0.6091343 → 60 % ≤ R < 95 % → moderate progress
    const r = assessProgress('eurostat', input);
    expect(r.measures.ratio).toBeCloseTo(0.6091343, 6);
    expect(r.status).toBe('moderate_progress');
  });

  it('short-term (5 years, from 2018): insufficient progress', () => {
    // start 2023 − 5 = 2018 (9.0). CAGR_req = (5/9)^(1/12) − 1 = −0.0478019; CAGR_obs = (8/9)^(1/5) − 1 = −0.0232813
    // R = 0.0232813/0.0478019 = 0.4870370 → 0 ≤ R < 60 % → insufficient progress
    const r = assessProgress('eurostat', input, { windowYears: 5 });
    expect(r.inputs.start).toEqual({ t: 2018, value: 9 });
    expect(r.measures.requiredCagr).toBeCloseTo(-0.0478019, 6);
    expect(r.measures.ratio).toBeCloseTo(0.487037, 6);
    expect(r.status).toBe('insufficient_progress');
  });

  it('a missing window start year takes the next available year', () => {
    // window 6 → 2017 is missing → 2018
    expect(assessProgress('eurostat', input, { windowYears: 6 }).inputs.start).toEqual({ t: 2018, value: 9 });
  });

  it('moving away from the target', () => {
    const r = assessProgress('eurostat', { ...input, series: series([[2018, 8], [2023, 9]]) });
    expect(r.status).toBe('movement_away');
  });

  it.each([
    [0.95, 'significant_progress'],
    [0.9499999, 'moderate_progress'],
    [0.6, 'moderate_progress'],
    [0.5999999, 'insufficient_progress'],
    [0, 'insufficient_progress'],
    [-1e-9, 'movement_away'],
  ])('R = %s → %s', (r, status) => expect(eurostatCategoryForRatio(r)).toBe(status));
});

describe('eurostat — no target: fixed growth-rate thresholds', () => {
  it.each([
    // (52/50)^(1/3) − 1 = 0.0131594 ≥ 1 %
    [50, 52, 'significant_progress'],
    // (50.9/50)^(1/3) − 1 = 0.0059644 in [0, 1 %)
    [50, 50.9, 'moderate_progress'],
    // (50/51)^(1/3) − 1 = −0.0065791 in [−1 %, 0)
    [51, 50, 'moderate_movement_away'],
    // (50/52)^(1/3) − 1 = −0.0129885 < −1 %
    [52, 50, 'significant_movement_away'],
  ])('%s → %s over 3 years (higher is better): %s', (from, to, status) => {
    const r = assessProgress('eurostat', { series: series([[2020, from], [2023, to]]), polarity: 'higher_is_better' });
    expect(r.variant).toBe('no_target');
    expect(r.status).toBe(status);
    expect(r.score).toBeNull();
  });

  it.each([
    [0.01, 'significant_progress'],
    [0.0099999, 'moderate_progress'],
    [0, 'moderate_progress'],
    [-1e-9, 'moderate_movement_away'],
    [-0.01, 'moderate_movement_away'],
    [-0.0100001, 'significant_movement_away'],
  ])('g = %s → %s', (g, status) => expect(eurostatCategoryForGrowth(g)).toBe(status));

  it('near a natural limit the 1 % threshold is scaled (nearLimit: scale) or not (none)', () => {
    // 95 → 95.5 over 2 years: g = (95.5/95)^(1/2) − 1 = 0.0026281; C = 1 − 0.95^4.44 = 0.2036705; 1 %·C = 0.2037 %
    const input = { series: series([[2020, 95], [2022, 95.5]]), polarity: 'higher_is_better' as const, limit: 100 };
    expect(assessProgress('eurostat', input).status).toBe('significant_progress');
    expect(assessProgress('eurostat', input, { nearLimit: 'none' }).status).toBe('moderate_progress');
  });
});

describe('sdsn — linear trend against the rate needed', () => {
  // 60 (2015) → target 90 (2030): needed = 30/15 = 2 per year.
  const at = (t: number, value: number) =>
    assessProgress('sdsn', { series: series([[2015, 60], [t, value]]), polarity: 'higher_is_better', target: { t: 2030, value: 90 } });

  it.each([
    [72, 'on_track'], // achieved 12/6 = 2 → r = 1 exactly
    [71.9, 'moderately_improving'], // 11.9/6 = 1.98333 → r = 0.99167
    [66, 'moderately_improving'], // 6/6 = 1 → r = 0.5 exactly
    [65.9, 'stagnating'], // 5.9/6 = 0.98333 → r = 0.49167
    [60, 'stagnating'], // r = 0
    [59, 'decreasing'], // achieved −1/6 < 0
    [91, 'on_track'], // target met
  ])('value %s in 2021 → %s', (value, status) => expect(at(2021, value).status).toBe(status));

  it('reports the rates', () => {
    const r = at(2021, 66);
    expect(r.measures.achievedAnnualRate).toBe(1);
    expect(r.measures.neededAnnualRate).toBe(2);
    expect(r.measures.ratio).toBe(0.5);
  });

  it('lower is better: mortality 20 (2015) → 12 (2030), 18 in 2020 → r = 0.4/0.5333 = 0.75', () => {
    // achieved = −1·(18 − 20)/5 = 0.4; needed = −1·(12 − 20)/15 = 0.5333333; r = 0.75 → moderately improving
    const r = assessProgress('sdsn', { series: series([[2015, 20], [2020, 18]]), polarity: 'lower_is_better', target: { t: 2030, value: 12 } });
    expect(r.measures.ratio).toBeCloseTo(0.75, 12);
    expect(r.status).toBe('moderately_improving');
  });

  it('window: from 2018 (61) → needed (90 − 61)/12 = 2.4166667, achieved (66 − 61)/3 = 1.6666667, r = 0.6896552', () => {
    const r = assessProgress(
      'sdsn',
      { series: series([[2015, 60], [2018, 61], [2021, 66]]), polarity: 'higher_is_better', target: { t: 2030, value: 90 } },
      { windowYears: 3 },
    );
    expect(r.measures.ratio).toBeCloseTo(0.6896552, 6);
    expect(r.status).toBe('moderately_improving');
  });

  it('maintaining achievement vs slipping below the target', () => {
    const input = (value: number) => ({ series: series([[2015, 95], [2020, value]]), polarity: 'higher_is_better' as const, target: { t: 2030, value: 90 } });
    const kept = assessProgress('sdsn', input(96));
    expect(kept.status).toBe('on_track');
    expect(kept.measures.maintainingAchievement).toBe(true);
    expect(assessProgress('sdsn', input(89)).status).toBe('decreasing');
  });

  it('needs a target', () => {
    expect(assessProgress('sdsn', { series: series([[2015, 1], [2016, 2]]), polarity: 'higher_is_better' }).status).toBe('unable_to_assess');
  });
});
