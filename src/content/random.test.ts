import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, hash32, Rng } from './random.js';

describe('Rng', () => {
  it('repeats a stream for the same seed and key, and separates keys', () => {
    const draw = (key: string) => Array.from({ length: 5 }, ((r) => () => r.next())(Rng.for(1, key)));
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('draws uniforms in [0, 1) whatever the seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 50; i += 1) {
          const u = rng.next();
          if (!(u >= 0 && u < 1)) return false;
        }
        return true;
      }),
    );
  });

  it('draws Poisson counts with the right mean', () => {
    // Mean of 20,000 draws of Poisson(4): standard error √(4/20,000) ≈ 0.014, so ±0.1 is > 7 SE.
    const rng = new Rng(99);
    let sum = 0;
    for (let i = 0; i < 20_000; i += 1) sum += rng.poisson(4);
    expect(sum / 20_000).toBeGreaterThan(3.9);
    expect(sum / 20_000).toBeLessThan(4.1);
    expect(rng.poisson(0)).toBe(0);
  });

  it('hashes keys stably (FNV-1a of "a" is 0xe40c292c)', () => {
    expect(hash32('a')).toBe(0xe40c292c);
  });
});

describe('apportion', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]], // 3.33 each; the first remainder wins the spare unit
    [12, [1, 2, 3], [2, 4, 6]],
    [0, [1, 1], [0, 0]],
  ])('splits %i by %j into %j', (total, weights, parts) => {
    expect(apportion(total, weights)).toEqual(parts);
  });

  it('always adds up to the total, each part within one of its share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = apportion(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        return parts.reduce((a, b) => a + b, 0) === total && parts.every((p, i) => Math.abs(p - (total * weights[i]!) / sum) < 1 + 1e-9);
      }),
    );
  });
});
