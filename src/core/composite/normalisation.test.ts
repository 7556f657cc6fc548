import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './normalisation.js';
import type { Direction, NormalisationSpec } from './types.js';

const units = ['a', 'b', 'c', 'd'];
const run = (spec: NormalisationSpec, values: Array<number | null>, direction: Direction = 'higher_is_better', target?: number) =>
  normaliseIndicator(spec, { indicator: 'x', direction, units: units.slice(0, values.length), values, ...(target !== undefined ? { target } : {}) });

describe('normalisation', () => {
  it.each<[string, NormalisationSpec, Direction, Array<number | null>, Array<number | null>, number?]>([
    // (x − 2)/(10 − 2): 0, 0.25, 1, missing
    ['minmax observed', { method: 'minmax' }, 'higher_is_better', [2, 4, 10, null], [0, 0.25, 1, null]],
    // (10 − x)/8
    ['minmax lower is better', { method: 'minmax' }, 'lower_is_better', [2, 4, 10], [1, 0.75, 0]],
    // onto [0, 100]
    ['minmax [0,100]', { method: 'minmax', range: [0, 100] }, 'higher_is_better', [2, 4, 10], [0, 25, 100]],
    // goalposts 0..20, one value beyond, clamped: 0.1, 0.5, 1
    ['goalposts clamped', { method: 'minmax', goalposts: [0, 20], clamp: true }, 'higher_is_better', [2, 10, 30], [0.1, 0.5, 1]],
    // not clamped: 30/20 = 1.5
    ['goalposts unclamped', { method: 'minmax', goalposts: [0, 20] }, 'higher_is_better', [2, 10, 30], [0.1, 0.5, 1.5]],
    // mean 4, sample sd √((4+0+4)/2) = 2 → −1, 0, 1; lower is better flips the sign
    ['z-score', { method: 'zscore' }, 'higher_is_better', [2, 4, 6], [-1, 0, 1]],
    ['z-score lower', { method: 'zscore' }, 'lower_is_better', [2, 4, 6], [1, -0, -1]],
    ['z-score scaled', { method: 'zscore', scale: [100, 10] }, 'higher_is_better', [2, 4, 6], [90, 100, 110]],
    // target 8, observed min 2: (x − 2)/6 capped at 1: 0, 1/3, 1
    ['distance to target', { method: 'target' }, 'higher_is_better', [2, 4, 10], [0, 1 / 3, 1], 8],
    // lower is better, target 4, observed max 10: (10 − x)/6 capped: 1, 1, 0
    ['distance to target lower', { method: 'target' }, 'lower_is_better', [2, 4, 10], [1, 1, 0], 4],
    // ranks (ties averaged): 1, 2.5, 2.5, 4
    ['rank', { method: 'rank' }, 'higher_is_better', [1, 5, 5, 9], [1, 2.5, 2.5, 4]],
    // percentile (rank − 1)/(n − 1) onto [0, 100]: 0, 50, 50, 100
    ['percentile', { method: 'percentile', range: [0, 100] }, 'higher_is_better', [1, 5, 5, 9], [0, 50, 50, 100]],
    ['none', { method: 'none' }, 'lower_is_better', [1, 5], [-1, -5]],
  ])('%s', (_name, spec, direction, values, expected, target) => {
    const out = run(spec, values, direction, target).values;
    out.forEach((y, i) => (expected[i] === null ? expect(y).toBeNull() : expect(y).toBeCloseTo(expected[i]!, 12)));
  });

  it('log-transforms values and goalposts', () => {
    // (ln 1000 − ln 100)/(ln 10000 − ln 100) = 1/2
    expect(run({ method: 'minmax', goalposts: [100, 10000], log: true }, [1000]).values[0]).toBeCloseTo(0.5, 12);
    expect(() => run({ method: 'minmax', log: true }, [0, 5])).toThrow(/unit a: log normalisation needs values > 0/);
  });

  it('handles zero variance: minmax gives the middle of the range, z-score the scale mean', () => {
    const mm = run({ method: 'minmax', range: [0, 100] }, [3, 3, 3]);
    expect(mm.values).toEqual([50, 50, 50]);
    expect(mm.record.degenerate).toMatch(/all values equal/);
    expect(run({ method: 'zscore' }, [3, 3, 3]).values).toEqual([0, 0, 0]);
  });

  it('records the bounds used', () => {
    const r = run({ method: 'minmax' }, [2, 4, 10]).record;
    expect(r.params).toMatchObject({ lo: 2, hi: 10, bounds: 'observed' });
  });
});
