import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROGRESS_METHOD_NAMES, assessProgress, getProgressMethod } from './registry.js';
import { statcanStatusFromScore } from './statcan.method.js';
import type { ProgressInput, TimePoint } from './types.js';
import { isVitalsError } from '../errors.js';

// Positive values keep the growth-rate methods defined; the polarity-flip property then
// covers negative values through negation (StatCan's sign rule for all-negative series).
const value = fc.double({ min: 0.5, max: 500, noNaN: true });

/** A series on distinct years, a baseline (its first point) and an optional later target and limit. */
const progressInput = fc
  .record({
    years: fc.uniqueArray(fc.integer({ min: 2000, max: 2030 }), { minLength: 2, maxLength: 6 }),
    values: fc.array(value, { minLength: 6, maxLength: 6 }),
    polarity: fc.constantFrom('higher_is_better' as const, 'lower_is_better' as const),
    targetValue: fc.option(value, { nil: undefined }),
    targetOffset: fc.integer({ min: 1, max: 15 }),
    limit: fc.option(fc.double({ min: 0, max: 600, noNaN: true }), { nil: undefined }),
  })
  .map(({ years, values, polarity, targetValue, targetOffset, limit }) => {
    const sorted = [...years].sort((a, b) => a - b);
    const series: TimePoint[] = sorted.map((t, i) => ({ t, value: values[i]! }));
    const input: ProgressInput = {
      series,
      polarity,
      baseline: series[0]!,
      ...(targetValue !== undefined ? { target: { t: sorted[0]! + targetOffset, value: targetValue } } : {}),
      ...(limit !== undefined ? { limit } : {}),
    };
    return input;
  });

function negateAndFlip(input: ProgressInput): ProgressInput {
  const neg = (p: TimePoint) => ({ t: p.t, value: -p.value });
  return {
    series: input.series.map(neg),
    polarity: input.polarity === 'higher_is_better' ? 'lower_is_better' : 'higher_is_better',
    ...(input.baseline ? { baseline: neg(input.baseline) } : {}),
    ...(input.target ? { target: neg(input.target) } : {}),
    ...(input.limit !== undefined ? { limit: -input.limit } : {}),
  };
}

const methodName = fc.constantFrom(...PROGRESS_METHOD_NAMES);

describe('progress properties', () => {
  it('reversing the polarity and negating every value gives the same status (and score)', () => {
    fc.assert(
      fc.property(methodName, progressInput, (name, input) => {
        const a = assessProgress(name, input);
        const b = assessProgress(name, negateAndFlip(input));
        expect(b.status).toBe(a.status);
        if (a.score === null) expect(b.score).toBeNull();
        else expect(b.score).toBeCloseTo(a.score, 9);
      }),
      { numRuns: 400 },
    );
  });

  it('statuses are monotone in the current value', () => {
    fc.assert(
      fc.property(methodName, progressInput, value, value, (name, input, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const last = input.series[input.series.length - 1]!;
        const withCurrent = (v: number): ProgressInput => ({ ...input, series: [...input.series.slice(0, -1), { t: last.t, value: v }] });
        const rLo = assessProgress(name, withCurrent(lo));
        const rHi = assessProgress(name, withCurrent(hi));
        fc.pre(rLo.rank >= 0 && rHi.rank >= 0);
        if (input.polarity === 'higher_is_better') expect(rLo.rank).toBeLessThanOrEqual(rHi.rank);
        else expect(rLo.rank).toBeGreaterThanOrEqual(rHi.rank);
      }),
      { numRuns: 400 },
    );
  });

  it('results do not depend on the order of the observations', () => {
    fc.assert(
      fc.property(methodName, progressInput, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), (name, input, keys) => {
        const shuffled = input.series
          .map((p, i) => ({ p, k: keys[i]! }))
          .sort((a, b) => a.k - b.k)
          .map(({ p }) => p);
        expect(assessProgress(name, { ...input, series: shuffled })).toEqual(assessProgress(name, input));
      }),
      { numRuns: 200 },
    );
  });

  it('statcan: the status implied by the −5…+5 score agrees with the thresholds', () => {
    fc.assert(
      fc.property(progressInput, (input) => {
        const r = assessProgress('statcan', input);
        fc.pre(r.score !== null && r.status !== 'target_achieved');
        const score = r.score!;
        // Skip values within rounding distance of a band edge.
        fc.pre([-2.5, 0, 2.5].every((edge) => Math.abs(score - edge) > 1e-9));
        expect(statcanStatusFromScore(score)).toBe(r.status);
      }),
      { numRuns: 400 },
    );
  });

  it('every result records method, version, resolved params and the inputs used', () => {
    fc.assert(
      fc.property(methodName, progressInput, (name, input) => {
        const r = assessProgress(name, input);
        const method = getProgressMethod(name);
        expect(r.method).toBe(name);
        expect(r.methodVersion).toBe(method.version);
        expect(r.params).toEqual(method.resolveParams());
        expect(r.inputs.polarity).toBe(input.polarity);
        expect(r.inputs.observations).toHaveLength(input.series.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('registry', () => {
  it('lists the four methods', () => {
    expect(PROGRESS_METHOD_NAMES).toEqual(['trajectory', 'statcan', 'eurostat', 'sdsn']);
  });

  it('an unknown method name fails with VITALS_E_UNKNOWN_METHOD, kind progress', () => {
    try {
      getProgressMethod('linear-regression');
      expect.unreachable();
    } catch (e) {
      expect(isVitalsError(e)).toBe(true);
      if (isVitalsError(e)) {
        expect(e.code).toBe('VITALS_E_UNKNOWN_METHOD');
        expect(e.params).toEqual({ kind: 'progress', name: 'linear-regression' });
        expect(e.message_zh()).toBe('未知方法：progress "linear-regression"');
      }
    }
    // Inherited object keys are not methods.
    expect(() => getProgressMethod('toString')).toThrow(/invalid progress method/);
  });
});
