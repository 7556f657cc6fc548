import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Polarity } from '../indicator/types.js';
import type { AttainmentInputs, AttainmentResult, SeriesPoint } from './attainment.types.js';
import { evaluateAttainment } from './engine.js';
import { mirrorOp } from './format.js';
import type { TargetSpec } from './types.js';

const value = fc.integer({ min: -2000, max: 2000 }).map((n) => n / 10);
const positive = fc.integer({ min: 1, max: 2000 }).map((n) => n / 10);
const op = fc.constantFrom('ge', 'gt', 'le', 'lt' as const);

/** Specs whose meaning mirrors exactly when every value is negated (relative kinds excluded). */
const leaf: fc.Arbitrary<TargetSpec> = fc.oneof(
  fc.record({ kind: fc.constant('threshold' as const), op, value }),
  fc.record({ kind: fc.constant('count' as const), op, value }),
  fc.record({ kind: fc.constant('approx' as const), value, tolerance: positive, toleranceMode: fc.constantFrom('absolute', 'relative' as const) }),
  fc.tuple(value, value, fc.boolean(), fc.boolean()).map(([a, b, minInclusive, maxInclusive]): TargetSpec => ({ kind: 'range', min: Math.min(a, b), max: Math.max(a, b) + 0.1, minInclusive, maxInclusive })),
  fc.record({ kind: fc.constant('change' as const), baselineYear: fc.constant(2019), mode: fc.constant('absolute' as const), amount: value, comparison: fc.constantFrom('at_least', 'at_most', 'about' as const) }),
  fc.record({ kind: fc.constant('annual_change' as const), mode: fc.constant('absolute' as const), amount: value, comparison: fc.constantFrom('at_least', 'at_most', 'about' as const) }),
  fc.record({ kind: fc.constant('maintain' as const), reference: fc.constantFrom('baseline', 'previous_year' as const), tolerance: positive }),
  fc.record({ kind: fc.constant('direction' as const), direction: fc.constantFrom('increase', 'decrease' as const), strictness: fc.constantFrom('overall', 'each_year' as const) }),
  fc.record({ kind: fc.constant('benchmark' as const), benchmarkRegion: fc.constant('000000'), relation: fc.constantFrom('reach', 'better', 'below', 'above' as const) }),
  fc.record({ kind: fc.constant('qualitative' as const), direction: fc.constantFrom('increase', 'decrease' as const) }),
  fc.constant<TargetSpec>({ kind: 'slowing_growth' }),
);
const spec: fc.Arbitrary<TargetSpec> = fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { minLength: 1, maxLength: 3 }).map((parts): TargetSpec => ({ kind: 'all', parts })) });

const yearlySeries = fc.uniqueArray(fc.integer({ min: 2018, max: 2025 }), { minLength: 0, maxLength: 8 }).chain((years) =>
  fc.tuple(...years.map((year) => fc.option(value, { nil: null }).map((v): SeriesPoint => ({ year, value: v })))),
);

function mirror(s: TargetSpec): TargetSpec {
  switch (s.kind) {
    case 'threshold':
    case 'count': return { ...s, op: mirrorOp(s.op), value: -s.value };
    case 'approx': return { ...s, value: -s.value };
    case 'range': return { kind: 'range', min: -s.max, max: -s.min, minInclusive: s.maxInclusive ?? true, maxInclusive: s.minInclusive ?? true };
    case 'change':
    case 'annual_change': return { ...s, amount: -s.amount };
    case 'direction': return { ...s, direction: s.direction === 'increase' ? 'decrease' : 'increase' };
    case 'qualitative': return s.direction ? { ...s, direction: s.direction === 'increase' ? 'decrease' : 'increase' } : s;
    case 'benchmark': return { ...s, relation: s.relation === 'below' ? 'above' : s.relation === 'above' ? 'below' : s.relation };
    case 'all': return { kind: 'all', parts: s.parts.map(mirror) };
    default: return s;
  }
}
const flip = (p: Polarity): Polarity => (p === 'higher_is_better' ? 'lower_is_better' : p === 'lower_is_better' ? 'higher_is_better' : 'neutral');
const negate = (points: readonly SeriesPoint[]) => points.map((p) => ({ year: p.year, value: p.value === null ? null : -p.value }));
const zero = (x: number | null) => (x === null ? null : x + 0); // −0 and 0 are the same number here

function summary(r: AttainmentResult): unknown {
  return { status: r.status, gap: zero(r.gapAbsolute), pct: zero(r.gapPercentOfRequiredChange), parts: r.parts?.map(summary) };
}

describe('attainment properties', () => {
  it('reversing polarity and negating every value gives the same status and gaps', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom<Polarity>('higher_is_better', 'lower_is_better', 'neutral'), yearlySeries, yearlySeries, fc.option(value, { nil: undefined }), (s, polarity, own, national, baseline) => {
        const inputs: AttainmentInputs = { polarity, year: 2025, series: own, benchmarks: { '000000': national }, ...(baseline !== undefined ? { baseline: { year: 2019, value: baseline } } : {}) };
        const mirrored: AttainmentInputs = { polarity: flip(polarity), year: 2025, series: negate(own), benchmarks: { '000000': negate(national) }, ...(baseline !== undefined ? { baseline: { year: 2019, value: -baseline } } : {}) };
        expect(summary(evaluateAttainment(mirror(s), mirrored))).toEqual(summary(evaluateAttainment(s, inputs)));
      }),
    );
  });

  it('is invariant to the order of series input', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom<Polarity>('higher_is_better', 'lower_is_better'), yearlySeries, yearlySeries, fc.integer(), (s, polarity, own, national, seed) => {
        const shuffle = <T,>(xs: readonly T[]) => [...xs].map((x, i) => ({ x, k: Math.sin(seed + i) })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const a = evaluateAttainment(s, { polarity, year: 2025, series: own, benchmarks: { '000000': national } });
        const b = evaluateAttainment(s, { polarity, year: 2025, series: shuffle(own), benchmarks: { '000000': shuffle(national).reverse() } });
        expect(b).toEqual(a);
      }),
    );
  });

  it('a threshold target flips status exactly at the threshold, strict or not', () => {
    fc.assert(
      fc.property(op, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (o, t, step) => {
        const judge = (v: number) => evaluateAttainment({ kind: 'threshold', op: o, value: t }, { polarity: 'neutral', year: 2025, series: [{ year: 2025, value: v }] }).status;
        const d = step / 1000;
        const wantsHigh = o === 'ge' || o === 'gt';
        const strict = o === 'gt' || o === 'lt';
        expect(judge(t)).toBe(strict ? 'not_attained' : 'attained');
        expect(judge(t + d)).toBe(wantsHigh ? 'attained' : 'not_attained');
        expect(judge(t - d)).toBe(wantsHigh ? 'not_attained' : 'attained');
      }),
    );
  });
});
