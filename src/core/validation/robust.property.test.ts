import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, modifiedZ } from './index.js';

const sample = fc.array(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 1, maxLength: 30 });

describe('robust statistics properties', () => {
  it('the median lies between min and max and splits the sample in halves', () => {
    fc.assert(
      fc.property(sample, (xs) => {
        const m = median(xs);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(xs.filter((x) => x < m).length).toBeLessThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x > m).length).toBeLessThanOrEqual(xs.length / 2);
      }),
    );
  });

  it('the modified z-score does not depend on units or origin (x → a·x + b, a > 0)', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (xs, x, a, b) => {
        const z = modifiedZ(x, xs);
        const moved = modifiedZ(a * x + b, xs.map((v) => a * v + b));
        if (z === null) expect(moved).toBeNull();
        else {
          expect(moved!.scale).toBe(z.scale);
          expect(moved!.score).toBeCloseTo(z.score, 6);
        }
      }),
    );
  });

  it('the modified z-score is odd around the median (mirror the sample, flip the sign)', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: -10_000, max: 10_000 }), (xs, x) => {
        const z = modifiedZ(x, xs);
        const mirrored = modifiedZ(-x, xs.map((v) => -v));
        if (z === null) expect(mirrored).toBeNull();
        else expect(mirrored!.score).toBeCloseTo(-z.score, 9);
      }),
    );
  });
});
