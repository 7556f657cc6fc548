import { describe, expect, it } from 'vitest';
import { treatIndicator } from './outliers.js';

const units = 'abcdefghij'.split('');
const coinr = { method: 'coinr', skewness: 2, kurtosis: 3.5, maxWinsorised: 5, fallback: 'log' } as const;

// Moments below: x̄, sample sd s, G1 = n/((n−1)(n−2))·Σ((x−x̄)/s)³,
// G2 = n(n+1)/((n−1)(n−2)(n−3))·Σ((x−x̄)/s)⁴ − 3(n−1)²/((n−2)(n−3)), worked on a calculator.
describe('COINr-style outlier treatment', () => {
  it('winsorises the top point of a right-skewed indicator', () => {
    // (1..9, 100): x̄ 14.5, s 30.152391, G1 3.118896 > 2, G2 9.799245 > 3.5 → outlying.
    // Winsorise 100 → next highest 9: (1..9, 9): G1 −0.151463, G2 −1.356985 → stop after 1 point.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
    const { values, record } = treatIndicator(coinr, 'x', units, x);
    expect(record.action).toBe('winsorised');
    expect(record.skewness).toBeCloseTo(3.118896, 6);
    expect(record.kurtosis).toBeCloseTo(9.799245, 6);
    expect(record.winsorised).toEqual([{ unit: 'j', from: 100, to: 9 }]);
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9]);
    expect(record.skewnessAfter).toBeCloseTo(-0.151463, 6);
  });

  it('winsorises the bottom point of a left-skewed indicator', () => {
    const x = [-1, -2, -3, -4, -5, -6, -7, -8, -9, -100];
    const { values, record } = treatIndicator(coinr, 'x', units, x);
    expect(record.skewness).toBeCloseTo(-3.118896, 6);
    expect(record.winsorised).toEqual([{ unit: 'j', from: -100, to: -9 }]);
    expect(values[9]).toBe(-9);
  });

  it('log-transforms when the winsorisation limit is reached first', () => {
    // (1..8, 50, 100): G1 2.304057, G2 5.019791 → outlying; with maxWinsorised 0 nothing may be
    // winsorised, so log instead: ln(x − 1 + 0.01·99) → e.g. 1 ↦ ln 0.99 = −0.010050, 100 ↦ ln 99.99 = 4.605070.
    // After: G1 0.920663, G2 0.564404.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 50, 100];
    const { values, record } = treatIndicator({ ...coinr, maxWinsorised: 0 }, 'x', units, x);
    expect(record.action).toBe('log');
    expect(values[0]).toBeCloseTo(-0.010050, 6);
    expect(values[9]).toBeCloseTo(4.605070, 6);
    expect(record.skewnessAfter).toBeCloseTo(0.920663, 6);
    expect(record.kurtosisAfter).toBeCloseTo(0.564404, 6);
  });

  it('winsorising one point is enough for the same data when allowed', () => {
    // 100 → 50: (1..8, 50, 50) has G1 1.723346 < 2 → done.
    const { record } = treatIndicator(coinr, 'x', units, [1, 2, 3, 4, 5, 6, 7, 8, 50, 100]);
    expect(record.action).toBe('winsorised');
    expect(record.winsorised).toEqual([{ unit: 'j', from: 100, to: 50 }]);
    expect(record.skewnessAfter).toBeCloseTo(1.723346, 6);
  });

  it('leaves well-behaved, short or untreated indicators alone and skips missing values', () => {
    expect(treatIndicator(coinr, 'x', units, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).record.action).toBe('none');
    expect(treatIndicator(coinr, 'x', ['a', 'b', 'c'], [1, 2, 300]).record.note).toMatch(/fewer than 4/);
    expect(treatIndicator({ method: 'none' }, 'x', units, [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]).values[9]).toBe(100);
    const withGap = treatIndicator(coinr, 'x', [...units, 'k'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, null]);
    expect(withGap.values[9]).toBe(9);
    expect(withGap.values[10]).toBeNull();
  });
});
