import { describe, expect, it } from 'vitest';
import { assessProgress } from './registry.js';
import { expectedOnPath } from './trajectory.method.js';
import { isVitalsError } from '../errors.js';

const series = (pairs: Array<[number, number]>) => pairs.map(([t, value]) => ({ t, value }));

describe('trajectory', () => {
  it('life expectancy 77.3 (2019) → 79.0 (2030), 78.0 in 2025, linear path: lagging', () => {
    // E(2025) = 77.3 + (79.0 − 77.3)·(2025 − 2019)/(2030 − 2019) = 77.3 + 1.7·6/11 = 78.2272727
    // g = (78.0 − 78.2272727)/1.7 = −0.1336898 → −0.20 ≤ g < −0.05 → lagging
    // still required: (79.0 − 78.0)/(2030 − 2025) = 0.2 per year
    const r = assessProgress('trajectory', {
      series: series([[2019, 77.3], [2025, 78.0]]),
      polarity: 'higher_is_better',
      target: { t: 2030, value: 79 },
    });
    expect(r.status).toBe('lagging');
    expect(r.measures.expected).toBeCloseTo(78.2272727, 6);
    expect(r.measures.gapShare).toBeCloseTo(-0.1336898, 6);
    expect(r.measures.annualChangeStillRequired).toBeCloseTo(0.2, 12);
    expect(r.measures.timeShare).toBeCloseTo(6 / 11, 12);
    expect(r.params).toEqual({ path: 'linear', aheadAbove: 0.05, laggingBelow: 0.05, seriouslyLaggingBelow: 0.2 });
  });

  it('same data on the compound path: E = 77.3·(79/77.3)^(6/11) = 78.2226868, g = −0.1309922', () => {
    const r = assessProgress(
      'trajectory',
      { series: series([[2019, 77.3], [2025, 78.0]]), polarity: 'higher_is_better', target: { t: 2030, value: 79 } },
      { path: 'compound' },
    );
    expect(r.measures.expected).toBeCloseTo(78.2226868, 6);
    expect(r.measures.gapShare).toBeCloseTo(-0.1309922, 6);
    expect(r.status).toBe('lagging');
  });

  it('lower is better, 6.0 (2019) → 4.5 (2025), 5.0 in 2022: ahead on both paths', () => {
    // linear: E = 6.0 − 1.5·3/6 = 5.25; g = −1·(5.0 − 5.25)/1.5 = 0.1666667 > 0.05 → ahead
    // compound: E = 6.0·(4.5/6.0)^(1/2) = 5.1961524; g = (5.1961524 − 5.0)/1.5 = 0.1307683 → ahead
    const input = { series: series([[2019, 6.0], [2022, 5.0]]), polarity: 'lower_is_better' as const, target: { t: 2025, value: 4.5 } };
    const linear = assessProgress('trajectory', input);
    expect(linear.measures.expected).toBeCloseTo(5.25, 12);
    expect(linear.measures.gapShare).toBeCloseTo(0.1666667, 6);
    expect(linear.status).toBe('ahead');
    const compound = assessProgress('trajectory', input, { path: 'compound' });
    expect(compound.measures.expected).toBeCloseTo(5.1961524, 6);
    expect(compound.measures.gapShare).toBeCloseTo(0.1307683, 6);
    expect(compound.status).toBe('ahead');
  });

  // Baseline 0 (t=0) → target 100 (t=10): E(5) = 50 and g = (y − 50)/100, exact in binary for these values.
  it.each([
    [55.5, 'ahead'], // g = 0.055
    [55, 'on_track'], // g = +0.05 exactly: on track (ahead needs g > 0.05)
    [45, 'on_track'], // g = −0.05 exactly: still on track
    [44.5, 'lagging'], // g = −0.055
    [30, 'lagging'], // g = −0.20 exactly: lagging
    [29.5, 'seriously_lagging'], // g = −0.205
  ])('band boundaries: value %s at mid-path → %s', (value, status) => {
    const r = assessProgress('trajectory', {
      series: series([[0, 0], [5, value]]),
      polarity: 'higher_is_better',
      target: { t: 10, value: 100 },
    });
    expect(r.status).toBe(status);
  });

  it('bands are parameters', () => {
    const input = { series: series([[0, 0], [5, 45]]), polarity: 'higher_is_better' as const, target: { t: 10, value: 100 } };
    expect(assessProgress('trajectory', input, { laggingBelow: 0.01, seriouslyLaggingBelow: 0.04 }).status).toBe('seriously_lagging');
  });

  it('a baseline already meeting the target: hold it (expected = target)', () => {
    // lower is better, baseline 5 already below target 7: scale |7 − 5| = 2
    // 6 → g = −1·(6 − 7)/2 = 0.5 → ahead; 7.5 → g = −0.25 → seriously lagging
    const at = (value: number) =>
      assessProgress('trajectory', { series: series([[2020, 5], [2023, value]]), polarity: 'lower_is_better', target: { t: 2025, value: 7 } });
    expect(at(6).status).toBe('ahead');
    expect(at(6).measures.baselineMeetsTarget).toBe(true);
    expect(at(7.5).status).toBe('seriously_lagging');
  });

  it('after the target year the expected value is the target', () => {
    expect(expectedOnPath({ t: 2020, value: 10 }, { t: 2025, value: 20 }, 2027, 'linear')).toBe(20);
    expect(expectedOnPath({ t: 2020, value: -1 }, { t: 2025, value: 2 }, 2022, 'compound')).toBeNull();
  });

  it('needs a numeric target', () => {
    const r = assessProgress('trajectory', { series: series([[2020, 1], [2021, 2]]), polarity: 'higher_is_better' });
    expect(r.status).toBe('unable_to_assess');
    expect(r.reason?.zh).toBe('进度轨迹法需要数值目标');
  });

  it('rejects bad parameters and bad input with a clear error', () => {
    const input = { series: series([[2020, 1], [2021, 2]]), polarity: 'higher_is_better' as const, target: { t: 2025, value: 3 } };
    expect(() => assessProgress('trajectory', input, { path: 'curvy' })).toThrow(/path must be one of linear, compound/);
    expect(() => assessProgress('trajectory', input, { tolerance: 0.1 })).toThrow(/unknown parameter "tolerance"/);
    try {
      assessProgress('trajectory', { ...input, series: [{ t: 2020, value: 1 }, { t: 2021, value: Number.NaN }] });
      expect.unreachable();
    } catch (e) {
      expect(isVitalsError(e) && e.code).toBe('VITALS_E_INVALID_INPUT');
      expect((e as Error).message).toMatch(/series\[1\]\.value must be a finite number/);
    }
    expect(() => assessProgress('trajectory', { ...input, series: series([[2020, 1], [2020, 2]]) })).toThrow(/series\[1\] repeats time 2020/);
  });
});
