import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal.js';
import { averageRanks, descendingRanks, kurtosis, median, quantile, sampleSd, skewness } from './stats.js';

describe('descriptive statistics', () => {
  it('skewness G1 and excess kurtosis G2 match a hand calculation', () => {
    // x = (1, 2, 3, 4, 10): x̄ = 4, deviations −3 −2 −1 0 6, Σd² = 50, s² = 12.5, s = 3.535534.
    // Σ(d/s)³ = (−27 − 8 − 1 + 0 + 216)/s³ = 180/44.194174 = 4.072935;
    // G1 = 5/(4·3) · 4.072935 = 1.697056.
    // Σ(d/s)⁴ = (81 + 16 + 1 + 0 + 1296)/s⁴ = 1394/156.25 = 8.9216;
    // G2 = 5·6/(4·3·2) · 8.9216 − 3·16/(3·2) = 1.25·8.9216 − 8 = 3.152.
    const x = [1, 2, 3, 4, 10];
    expect(sampleSd(x)).toBeCloseTo(3.535534, 6);
    expect(skewness(x)).toBeCloseTo(1.697056, 6);
    expect(kurtosis(x)).toBeCloseTo(3.152, 10);
  });

  it('returns null when skewness/kurtosis are undefined', () => {
    expect(skewness([1, 2])).toBeNull();
    expect(kurtosis([1, 2, 3])).toBeNull();
    expect(skewness([5, 5, 5, 5])).toBeNull();
  });

  it('medians, type-7 quantiles and ranks', () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    // type 7: h = (n − 1)p = 4·0.05 = 0.2 → 1 + 0.2·(2 − 1) = 1.2
    expect(quantile([5, 4, 3, 2, 1], 0.05)).toBeCloseTo(1.2, 12);
    expect(quantile([5, 4, 3, 2, 1], 0.95)).toBeCloseTo(4.8, 12);
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(descendingRanks([3, 5, 5, null, 1])).toEqual([3, 1, 1, null, 4]);
  });
});

describe('standard normal quantile', () => {
  it.each([
    // Standard normal table values.
    [0.5, 0],
    [0.975, 1.959963985],
    [0.025, -1.959963985],
    [0.75, 0.6744897502],
    [0.9375, 1.5341205444],
    [0.001, -3.0902323062],
    [1e-10, -6.3613409024],
  ])('Φ⁻¹(%s) = %s', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 9);
  });

  it('is ±∞ at the ends and NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});
