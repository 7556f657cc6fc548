/**
 * An OECD/JRC-Handbook-style index built the way COINr builds its examples: min-max onto
 * [0, 100] with observed bounds, arithmetic means with equal weights at every level.
 * Expected values are computed by hand below.
 */
import { describe, expect, it } from 'vitest';
import { parseIndexConfig } from './config.js';
import { computeIndex } from './pipeline.js';
import type { Observation } from './types.js';

const config = parseIndexConfig({
  id: 'coinr-style',
  indicators: [
    { code: 'i1', direction: 'higher_is_better' },
    { code: 'i2', direction: 'lower_is_better' },
    { code: 'i3', direction: 'higher_is_better' },
    { code: 'i4', direction: 'higher_is_better' },
  ],
  structure: { code: 'Index', children: [{ code: 'P', children: ['i1', 'i2'] }, { code: 'S', children: ['i3', 'i4'] }] },
  normalisation: { method: 'minmax', range: [0, 100] },
  weights: { method: 'equal' },
  aggregation: 'arithmetic',
});

//          i1  i2  i3  i4
const table: Record<string, [number | null, number, number | null, number]> = {
  A: [10, 50, 1, 200],
  B: [20, 30, 3, 400],
  C: [30, 40, 2, 100],
  D: [50, 10, 5, 300],
};
const toObs = (t: typeof table): Observation[] =>
  Object.entries(t).flatMap(([unit, values]) => values.map((value, j) => ({ unit, indicator: `i${j + 1}`, period: '2024', value })));

const value = (r: ReturnType<typeof computeIndex>[number], node: string, unit: string) => r.scores.find((s) => s.node === node && s.unit === unit)!;

describe('COINr-style example (hand calculation)', () => {
  const [r] = computeIndex(config, toObs(table));

  it('normalises each indicator onto [0, 100] with observed bounds and direction', () => {
    // i1: (x − 10)/40·100 → A 0, B 25, C 50, D 100
    // i2 (lower is better): (50 − x)/40·100 → A 0, B 50, C 25, D 100
    // i3: (x − 1)/4·100 → A 0, B 50, C 25, D 100
    // i4: (x − 100)/300·100 → A 33.333, B 100, C 0, D 66.667
    const n = (ind: string, unit: string) => r!.indicators.find((t) => t.indicator === ind && t.unit === unit)!.normalised!;
    expect(['A', 'B', 'C', 'D'].map((u) => n('i1', u))).toEqual([0, 25, 50, 100]);
    expect(['A', 'B', 'C', 'D'].map((u) => n('i2', u))).toEqual([0, 50, 25, 100]);
    expect(['A', 'B', 'C', 'D'].map((u) => n('i3', u))).toEqual([0, 50, 25, 100]);
    expect(n('i4', 'A')).toBeCloseTo(100 / 3, 10);
    expect(n('i4', 'D')).toBeCloseTo(200 / 3, 10);
  });

  it('aggregates sub-indices and the index by arithmetic means', () => {
    // P = (i1 + i2)/2: A 0, B 37.5, C 37.5, D 100
    // S = (i3 + i4)/2: A 16.667, B 75, C 12.5, D 83.333
    // Index = (P + S)/2: A 8.333, B 56.25, C 25, D 91.667
    expect(['A', 'B', 'C', 'D'].map((u) => value(r!, 'P', u).value)).toEqual([0, 37.5, 37.5, 100]);
    expect(value(r!, 'S', 'A').value).toBeCloseTo(50 / 3, 10);
    expect(value(r!, 'S', 'C').value).toBe(12.5);
    expect(value(r!, 'Index', 'A').value).toBeCloseTo(25 / 3, 10);
    expect(value(r!, 'Index', 'B').value).toBe(56.25);
    expect(value(r!, 'Index', 'C').value).toBe(25);
    expect(value(r!, 'Index', 'D').value).toBeCloseTo(275 / 3, 10);
  });

  it('ranks with shared ranks for ties (1, 2, 2, 4)', () => {
    // Index: D 91.7 > B 56.25 > C 25 > A 8.3; P: D 100 > B = C 37.5 > A 0
    expect(['D', 'B', 'C', 'A'].map((u) => value(r!, 'Index', u).rank)).toEqual([1, 2, 3, 4]);
    expect(['D', 'B', 'C', 'A'].map((u) => value(r!, 'P', u).rank)).toEqual([1, 2, 2, 4]);
  });

  it('records equal weights at every node and the effective indicator weights', () => {
    expect(r!.weights.find((w) => w.node === 'Index')!.weights).toEqual({ P: 0.5, S: 0.5 });
    expect(r!.effectiveWeights).toEqual({ i1: 0.25, i2: 0.25, i3: 0.25, i4: 0.25 });
  });

  it('re-weights a missing child and says so', () => {
    // C's i3 missing: i3 bounds stay 1..5 (A, B, D), S(C) = i4 alone = 0; Index(C) = (37.5 + 0)/2 = 18.75.
    const [m] = computeIndex(config, toObs({ ...table, C: [30, 40, null, 100] }));
    expect(value(m!, 'S', 'C').value).toBe(0);
    expect(value(m!, 'S', 'C').missingChildren).toEqual(['i3']);
    expect(value(m!, 'Index', 'C').value).toBe(18.75);
    expect(m!.warnings.some((w) => w.code === 'VITALS_W_MISSING_DATA' && w.message.includes('C'))).toBe(true);
  });

  it('propagates a missing child when asked to', () => {
    const strict = parseIndexConfig({ ...config, missing: 'propagate' });
    const [m] = computeIndex(strict, toObs({ ...table, C: [30, 40, null, 100] }));
    expect(value(m!, 'S', 'C').value).toBeNull();
    expect(value(m!, 'Index', 'C').value).toBeNull();
    expect(value(m!, 'Index', 'C').rank).toBeNull();
  });
});
