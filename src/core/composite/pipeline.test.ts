import { describe, expect, it } from 'vitest';
import { parseIndexConfig } from './config.js';
import { computeIndex } from './pipeline.js';
import type { Observation } from './types.js';

const config = parseIndexConfig({
  id: 'monthly',
  indicators: [
    { code: 'x', direction: 'higher_is_better' },
    { code: 'y', direction: 'lower_is_better' },
  ],
  structure: { code: 'I', children: ['x', 'y'] },
  imputation: { method: 'locf' },
  topsis: true,
  rsr: true,
});

const obs = (unit: string, indicator: string, period: string, value: number | null): Observation => ({ unit, indicator, period, value });

const data: Observation[] = [
  obs('a', 'x', '2025M01', 1), obs('b', 'x', '2025M01', 2), obs('c', 'x', '2025M01', 3),
  obs('a', 'y', '2025M01', 30), obs('b', 'y', '2025M01', 20), obs('c', 'y', '2025M01', 10),
  obs('a', 'x', '2025M02', 2), obs('b', 'x', '2025M02', 4), obs('c', 'x', '2025M02', null),
  obs('a', 'y', '2025M02', 30), obs('b', 'y', '2025M02', 10), obs('c', 'y', '2025M02', 20),
  // An annual value must not be carried into a month.
  obs('c', 'x', '2024', 99), obs('a', 'y', '2024', 1), obs('b', 'y', '2024', 1), obs('a', 'x', '2024', 1), obs('b', 'x', '2024', 1), obs('c', 'y', '2024', 1),
];

describe('composite pipeline over periods', () => {
  const results = computeIndex(config, data);

  it('computes every period in time order, each on its own', () => {
    expect(results.map((r) => r.period)).toEqual(['2024', '2025M01', '2025M02']);
  });

  it('carries the last observation forward within the period type and records it', () => {
    const feb = results[2]!;
    // c's x is missing in 2025M02: LOCF from 2025M01 (3), not from 2024 (99).
    expect(feb.imputation).toEqual([{ unit: 'c', indicator: 'x', method: 'locf', value: 3, fromPeriod: '2025M01' }]);
    expect(feb.indicators.find((t) => t.unit === 'c' && t.indicator === 'x')).toMatchObject({ raw: null, imputed: true, treated: 3 });
    expect(feb.warnings.map((w) => w.code)).toContain('VITALS_W_IMPUTED');
    // x: (2, 4, 3) → (0, 1, 0.5); y lower is better (30, 10, 20) → (0, 1, 0.5); I = mean.
    const score = (u: string) => feb.scores.find((s) => s.node === 'I' && s.unit === u)!.value;
    expect([score('a'), score('b'), score('c')]).toEqual([0, 1, 0.5]);
  });

  it('runs TOPSIS and RSR on the treated raw values with the effective weights', () => {
    const jan = results[1]!;
    // January: c best on both (x 3, y 10), a worst on both: TOPSIS closeness c = 1, a = 0.
    expect(jan.topsis!.units.map((u) => [u.unit, u.rank])).toEqual([['a', 3], ['b', 2], ['c', 1]]);
    expect(jan.topsis!.units[2]!.closeness).toBeCloseTo(1, 12);
    // RSR: ranks a (1,1), b (2,2), c (3,3) → RSR 1/3, 2/3, 1.
    expect(jan.rsr!.units.map((u) => u.rsr)).toEqual([1 / 3, 2 / 3, 1]);
    expect(jan.rsr!.weights).toEqual([0.5, 0.5]);
  });

  it('computes one period on request and rejects a period without data', () => {
    expect(computeIndex(config, data, { period: '2025M01' }).map((r) => r.period)).toEqual(['2025M01']);
    expect(() => computeIndex(config, data, { period: '2025Q3' })).toThrow(/no observations .* for period 2025Q3/);
    expect(() => computeIndex(config, data, { period: 'next year' })).toThrow(/invalid period/);
  });

  it('rejects duplicate rows naming both', () => {
    expect(() => computeIndex(config, [...data, obs('a', 'x', '2025M01', 5)])).toThrow(/row 19: duplicate of row 1 \(a, x, 2025M01\)/);
  });

  it('marks demonstration definitions in the result', () => {
    const demo = parseIndexConfig({ ...config, demonstration: true });
    expect(computeIndex(demo, data, { period: '2025M01' })[0]!.demonstration).toBe(true);
    expect(results[0]!.demonstration).toBe(false);
    expect(results[0]!.method).toBe('vitals.composite-index');
  });
});

describe('Monte Carlo sensitivity', () => {
  const two = parseIndexConfig({
    id: 'mc',
    indicators: ['p', 'q'].map((code) => ({ code, direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [0, 1] } })),
    structure: { code: 'I', children: ['p', 'q'] },
    sensitivity: { weightPerturbation: 0, aggregation: ['arithmetic', 'geometric'] },
  });
  // A = (0.5, 0.5), B = (0.9, 0.2): arithmetic A 0.5 < B 0.55; geometric A 0.5 > B √0.18 = 0.424.
  const twoData = [obs('A', 'p', '2025', 0.5), obs('A', 'q', '2025', 0.5), obs('B', 'p', '2025', 0.9), obs('B', 'q', '2025', 0.2)];

  it('gives each unit a 90% rank interval spanning both aggregation outcomes', () => {
    const [r] = computeIndex(two, twoData, { sensitivity: { replicates: 400, seed: 42 } });
    const s = r!.sensitivity!;
    expect(s.units.map((u) => u.nominalRank)).toEqual([2, 1]);
    // Each aggregation is drawn about half the time, so both ranks occur far more than 5% of the time.
    for (const u of s.units) expect([u.rankP05, u.rankP95]).toEqual([1, 2]);
    expect(s.params.aggregation).toEqual(['arithmetic', 'geometric']);
  });

  it('collapses to the nominal rank when nothing varies', () => {
    const fixed = parseIndexConfig({ ...two, sensitivity: { weightPerturbation: 0 } });
    const [r] = computeIndex(fixed, twoData, { sensitivity: { replicates: 50, seed: 1 } });
    expect(r!.sensitivity!.units.map((u) => [u.medianRank, u.rankP05, u.rankP95])).toEqual([
      [2, 2, 2],
      [1, 1, 1],
    ]);
  });
});
