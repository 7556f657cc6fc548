import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateNode } from './aggregation.js';
import { parseIndexConfig } from './config.js';
import { normaliseIndicator } from './normalisation.js';
import { computeIndex } from './pipeline.js';
import type { NormalisationSpec, Observation } from './types.js';

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const units = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('composite properties', () => {
  it('min-max normalisation with observed bounds maps into [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), fc.boolean(), (xs, higher) => {
        const { values } = normaliseIndicator({ method: 'minmax' }, { indicator: 'x', direction: higher ? 'higher_is_better' : 'lower_is_better', units: units(xs.length), values: xs });
        for (const y of values) expect(y! >= 0 && y! <= 1).toBe(true);
      }),
    );
  });

  it('reversing the direction of a negated indicator gives the same normalised values', () => {
    const specs: NormalisationSpec[] = [{ method: 'minmax', range: [0, 100] }, { method: 'zscore' }, { method: 'rank' }, { method: 'percentile' }];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 20 }), fc.constantFrom(...specs), (xs, spec) => {
        const u = units(xs.length);
        const a = normaliseIndicator(spec, { indicator: 'x', direction: 'higher_is_better', units: u, values: xs }).values;
        const b = normaliseIndicator(spec, { indicator: 'x', direction: 'lower_is_better', units: u, values: xs.map((x) => -x) }).values;
        a.forEach((y, i) => expect(b[i]!).toBeCloseTo(y!, 9));
      }),
    );
  });

  it('weights summing to 1 keep an arithmetic index inside the normalised range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 2, maxLength: 12 }),
        fc.tuple(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true })),
        (rows, [w1, w2, w3]) => {
          const config = parseIndexConfig({
            id: 'p',
            indicators: ['a', 'b', 'c'].map((code) => ({ code, direction: 'higher_is_better' })),
            structure: { code: 'I', weights: { method: 'explicit', values: { a: w1, b: w2, c: w3 } }, children: ['a', 'b', 'c'] },
            normalisation: { method: 'minmax', range: [0, 100] },
          });
          const obs: Observation[] = rows.flatMap((r, i) => ['a', 'b', 'c'].map((ind, j) => ({ unit: `u${i}`, indicator: ind, period: '2025', value: r[j]! })));
          const [res] = computeIndex(config, obs);
          for (const s of res!.scores) expect(s.value! >= -1e-9 && s.value! <= 100 + 1e-9).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the geometric mean never exceeds the arithmetic mean', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: 1, maxLength: 8 }), (pairs) => {
        const total = pairs.reduce((s, [, w]) => s + w, 0);
        const input = { node: 'n', children: pairs.map((_, j) => `c${j}`), units: ['u'], values: pairs.map(([x]) => [x]), weights: pairs.map(([, w]) => w / total), missing: 'reweight' as const };
        const g = aggregateNode({ ...input, method: 'geometric' }).values[0]!;
        const a = aggregateNode({ ...input, method: 'arithmetic' }).values[0]!;
        const h = aggregateNode({ ...input, method: 'harmonic' }).values[0]!;
        expect(g).toBeLessThanOrEqual(a * (1 + 1e-12) + 1e-12);
        expect(h).toBeLessThanOrEqual(g * (1 + 1e-12) + 1e-12);
      }),
    );
  });

  const mc = parseIndexConfig({
    id: 'mc',
    indicators: ['a', 'b', 'c'].map((code) => ({ code, direction: 'higher_is_better' })),
    structure: { code: 'I', children: [{ code: 'S', children: ['a', 'b'] }, 'c'] },
    sensitivity: { weightPerturbation: 0.3, normalisation: [{ method: 'minmax' }, { method: 'rank' }], aggregation: ['arithmetic', 'geometric'] },
  });
  const mcData = (rows: Array<[number, number, number]>): Observation[] =>
    rows.flatMap((r, i) => ['a', 'b', 'c'].map((ind, j) => ({ unit: `u${i}`, indicator: ind, period: '2025', value: r[j]! })));
  const row = fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }));

  it('ranking by the index is invariant to the order of the input rows', () => {
    const rowsAndShuffle = fc.array(row, { minLength: 2, maxLength: 10 }).chain((rows) => {
      const obs = mcData(rows);
      return fc.tuple(fc.constant(obs), fc.shuffledSubarray(obs, { minLength: obs.length, maxLength: obs.length }));
    });
    fc.assert(
      fc.property(rowsAndShuffle, ([obs, shuffled]) => {
        const byUnit = (r: ReturnType<typeof computeIndex>[number]) => Object.fromEntries(r.scores.filter((s) => s.node === 'I').map((s) => [s.unit, [s.value, s.rank]]));
        expect(byUnit(computeIndex(mc, shuffled)[0]!)).toEqual(byUnit(computeIndex(mc, obs)[0]!));
      }),
      { numRuns: 40 },
    );
  });

  it('the seeded Monte Carlo is deterministic for a seed', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 3, maxLength: 8 }), fc.integer({ min: 0, max: 2 ** 31 }), (rows, seed) => {
        const once = computeIndex(mc, mcData(rows), { sensitivity: { replicates: 30, seed } })[0]!.sensitivity;
        const twice = computeIndex(mc, mcData(rows), { sensitivity: { replicates: 30, seed } })[0]!.sensitivity;
        expect(twice).toEqual(once);
      }),
      { numRuns: 20 },
    );
  });
});
