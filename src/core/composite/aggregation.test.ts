import { describe, expect, it } from 'vitest';
import { aggregateNode, type AggregationInput } from './aggregation.js';

const one = (method: AggregationInput['method'], xs: number[], ws: number[]) =>
  aggregateNode({ node: 'n', children: xs.map((_, j) => `c${j}`), units: ['u'], values: xs.map((x) => [x]), weights: ws, method, missing: 'reweight' }).values[0];

describe('aggregation', () => {
  it.each([
    // 0.5·4 + 0.25·8 + 0.25·16 = 2 + 2 + 4 = 8
    ['arithmetic', 8],
    // 4^0.5 · 8^0.25 · 16^0.25 = 2 · 1.681793 · 2 = 6.727171
    ['geometric', 6.727171],
    // 1 / (0.5/4 + 0.25/8 + 0.25/16) = 1 / 0.171875 = 5.818182
    ['harmonic', 5.818182],
  ] as const)('%s mean', (method, expected) => {
    expect(one(method, [4, 8, 16], [0.5, 0.25, 0.25])).toBeCloseTo(expected, 6);
  });

  it('geometric and harmonic give 0 when a weighted child is 0 and reject negatives', () => {
    expect(one('geometric', [0, 8], [0.5, 0.5])).toBe(0);
    expect(one('harmonic', [0, 8], [0.5, 0.5])).toBe(0);
    expect(() => one('geometric', [-1, 8], [0.5, 0.5])).toThrow(/node n, unit u, child c0 is -1/);
  });

  const three = (method: AggregationInput['method'], weights: number[]) =>
    aggregateNode({
      node: 'n',
      children: ['c1', 'c2'],
      units: ['u1', 'u2', 'u3'],
      values: [
        [1, 2, 3],
        [3, 1, 2],
      ],
      weights,
      method,
      missing: 'reweight',
    }).values;

  it('Borda: weighted count of units beaten', () => {
    // c1 points: u1 0, u2 1, u3 2; c2 points: u1 2, u2 0, u3 1.
    // ½(0 + 2) = 1, ½(1 + 0) = 0.5, ½(2 + 1) = 1.5
    expect(three('borda', [0.5, 0.5])).toEqual([1, 0.5, 1.5]);
  });

  it('Copeland: wins − losses of weighted-majority contests', () => {
    // w = (0.6, 0.4). u1–u2: −0.6 + 0.4 < 0 → u2 wins; u1–u3: −0.6 + 0.4 → u3 wins; u2–u3: −1 → u3 wins.
    // u1: 0 − 2 = −2; u2: 1 − 1 = 0; u3: 2 − 0 = 2.
    expect(three('copeland', [0.6, 0.4])).toEqual([-2, 0, 2]);
    // Equal weights: u1–u2 and u1–u3 are ties (0 points), u3 beats u2 → 0, −1, 1.
    expect(three('copeland', [0.5, 0.5])).toEqual([0, -1, 1]);
  });

  it('re-weights or propagates missing children', () => {
    const input = { node: 'n', children: ['a', 'b'], units: ['u', 'v'], values: [[2, null], [4, null]], weights: [0.5, 0.5], method: 'arithmetic' as const };
    const partial = { ...input, values: [[2, 6], [4, null]] };
    expect(aggregateNode({ ...partial, missing: 'reweight' }).values).toEqual([3, 6]);
    expect(aggregateNode({ ...partial, missing: 'reweight' }).missingChildren).toEqual([[], ['b']]);
    expect(aggregateNode({ ...partial, missing: 'propagate' }).values).toEqual([3, null]);
    expect(aggregateNode({ ...input, missing: 'reweight' }).values).toEqual([3, null]);
  });
});
